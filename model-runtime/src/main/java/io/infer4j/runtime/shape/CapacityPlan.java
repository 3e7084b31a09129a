package io.infer4j.runtime.shape;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The smallest system found for a {@link ServingLoad}: {@code replicas} copies of one replica
 * configuration, each taking an equal share of the requests, and what they see at that load.
 *
 * <p>Energy is at rated power (an upper bound; a replica that is not saturated draws less); cost is
 * the whole system's hourly price spread over the tokens served at this load.
 *
 * @param load what was asked
 * @param replica the replica configuration (chips or GPUs, batch, its timing)
 * @param replicas how many replicas
 * @param atLoad one replica at its share of the load
 * @param maxRequestsPerSecond the most requests per second these replicas serve within the SLOs
 *     (the system's goodput)
 * @param unitName what one unit is ("chip", "GPU")
 */
public record CapacityPlan(
    ServingLoad load,
    ReplicaFigures replica,
    int replicas,
    ReplicaUnderLoad atLoad,
    double maxRequestsPerSecond,
    String unitName) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code load}, {@code replica}, {@code atLoad} or {@code
   *     unitName} is null
   * @throws IllegalArgumentException if {@code replicas} is below 1
   */
  public CapacityPlan {
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(replica, "replica");
    Objects.requireNonNull(atLoad, "atLoad");
    Objects.requireNonNull(unitName, "unitName");
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1: " + replicas);
    }
  }

  /** {@return the chips or GPUs of the whole system} */
  public long totalUnits() {
    return (long) replica.units() * replicas;
  }

  /** {@return the output tokens per second the system produces at this load} */
  public double outputTokensPerSecond() {
    return load.requestsPerSecond() * load.outputTokens();
  }

  /** {@return the power of the whole system at rated power, W; NaN without a power figure} */
  public double systemWatts() {
    return totalUnits() * replica.wattsPerUnit();
  }

  /** {@return the energy per output token at this load, J; NaN without a power figure} */
  public double joulesPerOutputToken() {
    return systemWatts() / outputTokensPerSecond();
  }

  /**
   * {@return the US dollars per million output tokens at this load (the whole system's price); NaN
   * without a price}
   */
  public double usdPerMillionOutputTokens() {
    return totalUnits() * replica.usdPerUnitHour() / 3600 / outputTokensPerSecond() * 1e6;
  }

  /**
   * {@return the US dollars per million tokens, prompt and output together, at this load; NaN
   * without a price}
   */
  public double usdPerMillionTokens() {
    double tokensPerS = load.requestsPerSecond() * (load.promptTokens() + load.outputTokens());
    return totalUnits() * replica.usdPerUnitHour() / 3600 / tokensPerS * 1e6;
  }

  /**
   * {@return the JSON fields in snake_case (NaN written as null by the project's writer);
   * unmodifiable}
   */
  public Map<String, Object> toJsonFields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("requests_per_s", load.requestsPerSecond());
    f.put("prompt_tokens", load.promptTokens());
    f.put("output_tokens", load.outputTokens());
    f.put("ttft_slo_ms", load.ttftSloMs());
    f.put("tpot_slo_ms", load.tpotSloMs());
    f.put("units_per_replica", replica.units());
    f.put("batch", replica.batch());
    f.put("replicas", replicas);
    f.put("total_units", totalUnits());
    f.put("ttft_p99_ms", atLoad.ttftP99Ms());
    f.put("tpot_ms", atLoad.tpotMs());
    f.put("slot_use", atLoad.slotUse());
    f.put("prefill_share", atLoad.prefillShare());
    f.put("goodput_requests_per_s", maxRequestsPerSecond);
    f.put("system_watts", systemWatts());
    f.put("joules_per_output_token", joulesPerOutputToken());
    f.put("usd_per_million_output_tokens", usdPerMillionOutputTokens());
    f.put("usd_per_million_tokens", usdPerMillionTokens());
    return Collections.unmodifiableMap(f);
  }

  /** {@return a short table, one quantity a line} */
  public String toTable() {
    StringBuilder t = new StringBuilder();
    row(t, "load", fmt("%.2f requests/s of %d prompt + %d output tokens; SLO: TTFT p99 <= %.0f ms,"
        + " TPOT <= %.1f ms", load.requestsPerSecond(), load.promptTokens(), load.outputTokens(),
        load.ttftSloMs(), load.tpotSloMs()));
    row(t, "system", fmt("%d %s%s: %d replica%s of %d %s%s, batch %d", totalUnits(), unitName,
        totalUnits() == 1 ? "" : "s", replicas, replicas == 1 ? "" : "s", replica.units(), unitName,
        replica.units() == 1 ? "" : "s", replica.batch()));
    row(t, "at this load", fmt("TTFT p99 %.1f ms, mean TPOT %.2f ms, slots %.0f%% used, prefill %.0f%% of"
        + " the time", atLoad.ttftP99Ms(), atLoad.tpotMs(), 100 * atLoad.slotUse(),
        100 * atLoad.prefillShare()));
    row(t, "goodput", fmt("up to %.2f requests/s within the SLOs", maxRequestsPerSecond));
    row(t, "energy", Double.isNaN(systemWatts()) ? "no published power; give --watts"
        : fmt("%.0f W at rated power, %.3f J per output token", systemWatts(), joulesPerOutputToken()));
    row(t, "cost", Double.isNaN(usdPerMillionTokens()) ? "no price; give --price-per-hour"
        : fmt("$%.4f per million output tokens, $%.4f per million tokens in and out",
            usdPerMillionOutputTokens(), usdPerMillionTokens()));
    return t.toString();
  }

  private static void row(StringBuilder t, String label, String value) {
    t.append(String.format(Locale.ROOT, "%-14s %s%n", label, value));
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
