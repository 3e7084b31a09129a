package io.infer4j.samples.cli.internal.plan;

import io.infer4j.runtime.shape.ClosedLoop;
import io.infer4j.runtime.shape.JsonLine;
import io.infer4j.runtime.shape.KvLink;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code plan --concurrency N}: a serving system under a closed loop of N clients (the way
 * genai-perf and NVIDIA's published tables load a server), one aggregated replica or a
 * disaggregated pair of pools, and its steady state ({@link ClosedLoop}). Energy is at rated
 * power; cost is the system's hourly price over the tokens it serves. Immutable.
 *
 * @param model the model's name
 * @param promptTokens prompt length
 * @param prefill the prefill replica (the only replica when aggregated)
 * @param prefillReplicas prefill replicas (1 when aggregated)
 * @param decode the decode replica, or null when aggregated
 * @param decodeReplicas decode replicas (0 when aggregated)
 * @param link the KV cache's link, or null when aggregated
 * @param transferMs one request's KV transfer, ms (0 when aggregated)
 * @param loop the steady state, clients at random phases
 * @param lockstep the steady state with every client in step (aggregated only; null for pools)
 */
public record ConcurrencyReport(String model, int promptTokens, ReplicaTiming prefill,
    int prefillReplicas, ReplicaTiming decode, int decodeReplicas, KvLink link, double transferMs,
    ClosedLoop loop, ClosedLoop lockstep) {

  /** {@return one replica that prefills and decodes, under {@code users} clients} */
  public static ConcurrencyReport aggregated(String model, int promptTokens, int outputTokens,
      ReplicaTiming replica, int users) {
    ClosedLoop loop =
        ClosedLoop.aggregated(users, outputTokens, replica.prefillMs(), replica.stepMs());
    ClosedLoop inStep = ClosedLoop.lockstep(users, outputTokens,
        replica.batchedPrefillMs().applyAsDouble(users), replica.stepMs().applyAsDouble(users));
    return new ConcurrencyReport(model, promptTokens, replica, 1, null, 0, null, 0, loop, inStep);
  }

  /** {@return prefill and decode pools, under {@code users} clients} */
  public static ConcurrencyReport disaggregated(String model, int promptTokens, int outputTokens,
      ReplicaTiming prefill, int prefillReplicas, ReplicaTiming decode, int decodeReplicas,
      KvLink link, double transferMs, int users) {
    ClosedLoop loop = ClosedLoop.disaggregated(users, outputTokens, prefill.prefillMs(),
        prefillReplicas, transferMs, decode.stepMs(), decodeReplicas);
    return new ConcurrencyReport(model, promptTokens, prefill, prefillReplicas, decode,
        decodeReplicas, link, transferMs, loop, null);
  }

  /** {@return whether prefill and decode run on separate pools} */
  public boolean disaggregatedPools() {
    return decode != null;
  }

  /** {@return chips or GPUs in all} */
  public long totalUnits() {
    return (long) prefill.units() * prefillReplicas
        + (decode == null ? 0 : (long) decode.units() * decodeReplicas);
  }

  /** {@return whether every unit is of one hardware, so that per-unit figures mean something} */
  public boolean oneKind() {
    return decode == null || decode.hardware().equals(prefill.hardware());
  }

  /** {@return the system's rated power, W; NaN when a pool's power is unknown} */
  public double systemWatts() {
    return sum(ReplicaTiming::wattsPerUnit);
  }

  /** {@return the system's price per hour, USD; NaN when a pool has no price} */
  public double usdPerHour() {
    return sum(ReplicaTiming::usdPerUnitHour);
  }

  private double sum(java.util.function.ToDoubleFunction<ReplicaTiming> perUnit) {
    double total = prefill.units() * prefillReplicas * perUnit.applyAsDouble(prefill);
    if (decode != null) {
      total += decode.units() * decodeReplicas * perUnit.applyAsDouble(decode);
    }
    return total;
  }

  /** Energy per output token at rated power in steady state {@code l}, J; NaN without power. */
  private double joulesPerOutputToken(ClosedLoop l) {
    return systemWatts() / l.outputTokensPerSecond();
  }

  /** US dollars per million output tokens in steady state {@code l}; NaN without a price. */
  private double usdPerMillionOutputTokens(ClosedLoop l) {
    return usdPerHour() / 3600 / l.outputTokensPerSecond() * 1e6;
  }

  /** {@return one JSON object (snake_case; NaN written as null)} */
  public String toJson() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("model", model);
    f.put("mode", disaggregatedPools() ? "disaggregated" : "aggregated");
    f.put("concurrency", loop.users());
    f.put("prompt_tokens", promptTokens);
    f.put("output_tokens", loop.outputTokens());
    f.put(disaggregatedPools() ? "prefill_hardware" : "hardware", prefill.hardware());
    f.put(disaggregatedPools() ? "prefill_units_per_replica" : "units", prefill.units());
    if (disaggregatedPools()) {
      f.put("prefill_replicas", prefillReplicas);
      f.put("decode_hardware", decode.hardware());
      f.put("decode_units_per_replica", decode.units());
      f.put("decode_replicas", decodeReplicas);
      f.put("link", link.id());
      f.put("kv_transfer_ms", transferMs);
    }
    f.put("total_units", totalUnits());
    f.putAll(figures(loop));
    if (lockstep != null) {
      f.put("lockstep", figures(lockstep));
    }
    f.put("system_watts", systemWatts());
    f.put("simulated", true);
    return JsonLine.writeRounded(f, 3);
  }

  /** The figures of one steady state, energy and cost at its throughput included. */
  private Map<String, Object> figures(ClosedLoop l) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("requests_per_s", l.requestsPerSecond());
    f.put("mean_ttft_ms", l.ttftMs());
    f.put("mean_tpot_ms", l.tpotMs());
    f.put("mean_request_latency_ms", l.requestLatencyMs());
    f.put("decode_tokens_per_s_per_user", 1e3 / l.tpotMs());
    f.put("output_tokens_per_s", l.outputTokensPerSecond());
    f.put("output_tokens_per_s_per_unit", perUnit(l));
    f.put("mean_decode_batch", l.decodeBatch());
    f.put("prefill_busy", l.prefillBusy());
    f.put("joules_per_output_token", joulesPerOutputToken(l));
    f.put("usd_per_million_output_tokens", usdPerMillionOutputTokens(l));
    return f;
  }

  /** Output tokens per second per chip or GPU in steady state {@code l}; NaN for two kinds. */
  double perUnit(ClosedLoop l) {
    return oneKind() ? l.outputTokensPerSecond() / totalUnits() : Double.NaN;
  }

  /** {@return a short table, one quantity a line} */
  public String toTable() {
    StringBuilder t = new StringBuilder();
    row(t, "model", model + " (simulated)");
    row(t, "load", fmt("closed loop of %d client%s, each sending its next request when the last one"
        + " ends: %d prompt + %d output tokens", loop.users(), loop.users() == 1 ? "" : "s",
        promptTokens, loop.outputTokens()));
    appendSystem(t);
    lines(t, "", loop);
    if (lockstep != null) {
      lines(t, "in lockstep ", lockstep);
    }
    row(t, "energy", Double.isNaN(systemWatts()) ? "no published power; give --watts"
        : fmt("%.0f W at rated power, %.3f J per output token%s", systemWatts(),
            joulesPerOutputToken(loop), lockstep == null ? ""
                : fmt(" (%.3f in lockstep)", joulesPerOutputToken(lockstep))));
    row(t, "cost", Double.isNaN(usdPerHour()) ? "no price; give --price-per-hour"
        : fmt("$%.4f per million output tokens%s", usdPerMillionOutputTokens(loop),
            lockstep == null ? ""
                : fmt(" ($%.4f in lockstep)", usdPerMillionOutputTokens(lockstep))));
    if (lockstep != null) {
      t.append("Clients at random phases (lengths that vary) see the first lines; clients that"
          + " start together with one length\n(fixed-length benchmarks) stay in step: all prefills"
          + " as one batch, then all decode steps.\n");
    }
    return t.toString();
  }

  private void lines(StringBuilder t, String prefix, ClosedLoop l) {
    row(t, prefix + "per request", l.outputTokens() > 1
        ? fmt("mean TTFT %.1f ms, mean TPOT %.2f ms (%.1f tokens/s a user), %.0f ms in all",
            l.ttftMs(), l.tpotMs(), 1e3 / l.tpotMs(), l.requestLatencyMs())
        : fmt("mean TTFT %.1f ms (one output token: no time per output token)", l.ttftMs()));
    row(t, prefix + "throughput", fmt("%.2f requests/s, %.0f output tokens/s%s",
        l.requestsPerSecond(), l.outputTokensPerSecond(),
        oneKind() ? fmt(" (%.1f per %s)", perUnit(l), prefill.unitName()) : ""));
    row(t, prefix + "batch", fmt("%.1f sequences a decode step on average; prefill busy %.0f%% of"
        + " the time", l.decodeBatch(), 100 * l.prefillBusy()));
  }

  /** The system's lines of the table: one replica, or the pools and the KV transfer. */
  void appendSystem(StringBuilder t) {
    if (disaggregatedPools()) {
      row(t, "prefill", replicas(prefill, prefillReplicas));
      row(t, "decode", replicas(decode, decodeReplicas));
      row(t, "KV transfer", fmt("%.2f ms a request over %s", transferMs, link.id()));
    } else {
      row(t, "system", replicas(prefill, 1) + ", continuous batching, prefill first");
    }
  }

  private static String replicas(ReplicaTiming r, int count) {
    return fmt("%d replica%s of %d %s %s%s", count, count == 1 ? "" : "s", r.units(), r.hardware(),
        r.unitName(), r.units() == 1 ? "" : "s");
  }

  private static void row(StringBuilder t, String label, String value) {
    t.append(String.format(Locale.ROOT, "%-25s %s%n", label, value));
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
