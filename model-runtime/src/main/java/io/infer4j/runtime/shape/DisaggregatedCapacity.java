package io.infer4j.runtime.shape;

import io.infer4j.InvalidRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The smallest disaggregated system for a {@link ServingLoad}: a prefill pool and a decode pool,
 * each of its own replicas, the KV cache of every request sent from the first to the second.
 *
 * <p><b>Model.</b> A prefill replica does nothing but prefills, so a request's first token comes
 * after {@code S} plus its wait in that replica's queue (M/M/1, 99th percentile, as in {@link
 * ReplicaUnderLoad}), with no decode step to wait for. A decode replica never stops for a prefill:
 * a sequence holds one of its slots for {@code T + (O - 1) D} (the KV transfer, then its decode
 * steps at the replica's batch), the slots are an M/M/b queue (Erlang C), and the mean time per
 * output token is {@code (T + mean slot wait + (O - 1) D) / (O - 1)}. Each pool gets as many
 * replicas as the load needs. The pair that costs least per hour wins when both pools have prices;
 * else the one that draws least power, when both have power figures; else the fewest chips or GPUs
 * in all (a sum that means something only when both pools are of one kind).
 *
 * @param load what was asked
 * @param prefill one prefill replica (its {@code prefillMs} is used)
 * @param prefillReplicas how many
 * @param decode one decode replica (its {@code interTokenMs} and batch are used)
 * @param decodeReplicas how many
 * @param transferMs the KV cache's transfer from a prefill to a decode replica, ms
 * @param ttftP99Ms time to first token at this load, 99th percentile
 * @param tpotMs time per output token after the first, transfer included
 * @param goodput the most requests per second both pools serve within the SLOs
 */
public record DisaggregatedCapacity(
    ServingLoad load,
    ReplicaFigures prefill,
    int prefillReplicas,
    ReplicaFigures decode,
    int decodeReplicas,
    double transferMs,
    double ttftP99Ms,
    double tpotMs,
    double goodput) {

  /** The KV transfer's time, ms, for a prefill replica of {@code from} units and a decode one of {@code to}. */
  @FunctionalInterface
  public interface Transfer {
    /**
     * {@return the transfer time of one request's KV cache, ms}
     *
     * @param from chips or GPUs of the prefill replica
     * @param to chips or GPUs of the decode replica
     */
    double ms(int from, int to);
  }

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code load}, {@code prefill} or {@code decode} is null
   */
  public DisaggregatedCapacity {
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(prefill, "prefill");
    Objects.requireNonNull(decode, "decode");
  }

  /** {@return the chips or GPUs of both pools} */
  public long totalUnits() {
    return (long) prefill.units() * prefillReplicas + (long) decode.units() * decodeReplicas;
  }

  /** {@return the rated power of both pools, W (NaN when a pool's power is unknown)} */
  public double systemWatts() {
    return (long) prefill.units() * prefillReplicas * prefill.wattsPerUnit()
        + (long) decode.units() * decodeReplicas * decode.wattsPerUnit();
  }

  /** {@return the energy per output token at this load, J (NaN without power figures)} */
  public double joulesPerOutputToken() {
    return systemWatts() / (load.requestsPerSecond() * load.outputTokens());
  }

  /** {@return the US dollars an hour for both pools (NaN when a pool has no price)} */
  public double usdPerHour() {
    return (long) prefill.units() * prefillReplicas * prefill.usdPerUnitHour()
        + (long) decode.units() * decodeReplicas * decode.usdPerUnitHour();
  }

  /**
   * {@return the US dollars per million output tokens at this load, both pools priced (NaN without
   * prices)}
   */
  public double usdPerMillionOutputTokens() {
    return usdPerHour() / 3600 / (load.requestsPerSecond() * load.outputTokens()) * 1e6;
  }

  /**
   * {@return the smallest pair of pools}
   *
   * @param load the request rate, lengths and SLOs
   * @param prefills prefill replicas to choose from
   * @param decodes decode replicas to choose from
   * @param transfer the KV transfer time between a pair of replicas
   * @throws InvalidRequestException naming {@code ttftSlo} when no prefill replica meets the first
   *     token's SLO, {@code tpotSlo} when no decode replica meets the per-token one, saying by how
   *     much the best misses
   * @throws IllegalArgumentException if {@code prefills} or {@code decodes} is empty
   */
  public static DisaggregatedCapacity smallest(ServingLoad load, List<ReplicaFigures> prefills,
      List<ReplicaFigures> decodes, Transfer transfer) {
    if (prefills.isEmpty() || decodes.isEmpty()) {
      throw new IllegalArgumentException("both pools need at least one configuration");
    }
    DisaggregatedCapacity best = null;
    double fastestFirst = Double.POSITIVE_INFINITY;
    double fastestToken = Double.POSITIVE_INFINITY;
    for (ReplicaFigures p : prefills) {
      fastestFirst = Math.min(fastestFirst, p.prefillMs());
      double prefillRate = maxPrefillRate(p, load);
      if (prefillRate <= 0) {
        continue;
      }
      int pr = replicas(load, prefillRate);
      for (ReplicaFigures d : decodes) {
        double t = transfer.ms(p.units(), d.units());
        double unloaded = tpot(load, d, t, 0);
        fastestToken = Math.min(fastestToken, unloaded);
        if (unloaded > load.tpotSloMs()) {
          continue;
        }
        double decodeRate = maxDecodeRate(load, d, t);
        int dr = replicas(load, decodeRate);
        if (pr < 0 || dr < 0) {
          continue;
        }
        DisaggregatedCapacity c = new DisaggregatedCapacity(load, p, pr, d, dr, t,
            prefillTtftP99(p, load.requestsPerSecond() / pr),
            tpot(load, d, t, load.requestsPerSecond() / dr),
            Math.min(pr * prefillRate, dr * decodeRate));
        if (best == null || BETTER.compare(c, best) < 0) {
          best = c;
        }
      }
    }
    if (best != null) {
      return best;
    }
    if (fastestFirst > load.ttftSloMs()) {
      throw new InvalidRequestException("ttftSlo", String.format(Locale.ROOT,
          "no prefill replica meets a time to first token of %.1f ms: prefilling %d prompt tokens"
              + " takes at least %.1f ms, %.0f%% over", load.ttftSloMs(), load.promptTokens(),
          fastestFirst, 100 * (fastestFirst / load.ttftSloMs() - 1)));
    }
    if (fastestToken > load.tpotSloMs()) {
      throw new InvalidRequestException("tpotSlo", String.format(Locale.ROOT,
          "no decode replica meets a time per output token of %.2f ms: the best takes %.2f ms"
              + " (decode step plus the KV transfer spread over the output), %.0f%% over",
          load.tpotSloMs(), fastestToken, 100 * (fastestToken / load.tpotSloMs() - 1)));
    }
    throw new InvalidRequestException("rate", String.format(Locale.ROOT,
        "no pair of pools serves %.2f requests/s within the SLOs with at most %d replicas each",
        load.requestsPerSecond(), CapacitySearch.MAX_REPLICAS));
  }

  /** Cheapest per hour, else least power, else fewest units; then the most headroom. */
  private static final java.util.Comparator<DisaggregatedCapacity> BETTER =
      java.util.Comparator.comparingDouble(DisaggregatedCapacity::rankingCost)
          .thenComparing(java.util.Comparator.comparingDouble(DisaggregatedCapacity::goodput)
              .reversed());

  private double rankingCost() {
    double perHour = usdPerHour();
    if (!Double.isNaN(perHour)) {
      return perHour;
    }
    double watts = systemWatts();
    return Double.isNaN(watts) ? totalUnits() : watts;
  }

  /**
   * Mean time per output token after the first at a decode replica taking {@code lambda}
   * requests per second: the transfer and the wait for a slot, spread over the later tokens, plus
   * a decode step each; infinite when the slots cannot keep up.
   */
  static double tpot(ServingLoad load, ReplicaFigures d, double transferMs, double lambda) {
    int later = Math.max(1, load.outputTokens() - 1);
    double stayMs = transferMs + (load.outputTokens() - 1) * d.interTokenMs();
    double waitMs = ErlangC.meanWait(d.batch(), lambda * stayMs / 1e3, stayMs);
    return (transferMs + waitMs + later * d.interTokenMs()) / later;
  }

  /** The most requests per second a decode replica takes within the TPOT SLO. */
  static double maxDecodeRate(ServingLoad load, ReplicaFigures d, double transferMs) {
    double stay = (transferMs + (load.outputTokens() - 1) * d.interTokenMs()) / 1e3;
    return Bisection.largestPassing(0, d.batch() / Math.max(stay, 1e-12), // the slots' own limit
        rate -> tpot(load, d, transferMs, rate) <= load.tpotSloMs());
  }

  private static int replicas(ServingLoad load, double perReplica) {
    double n = Math.ceil(load.requestsPerSecond() / perReplica - 1e-9);
    return n > CapacitySearch.MAX_REPLICAS ? -1 : (int) Math.max(1, n);
  }

  /**
   * First token's 99th percentile at a prefill-only replica: {@code S} plus the wait behind other
   * prefills, one server of service {@code S} (M/M/1).
   */
  static double prefillTtftP99(ReplicaFigures p, double lambda) {
    return prefillTtft(p, lambda, 0.99);
  }

  /** As {@link #prefillTtftP99}, at quantile {@code q} of the first token's time. */
  static double prefillTtft(ReplicaFigures p, double lambda, double q) {
    double s = p.prefillMs() / 1e3;
    return (s + ErlangC.waitQuantile(1, lambda * s, s, q)) * 1e3;
  }

  /** The most requests per second a prefill replica takes within the TTFT SLO; 0 if none. */
  private static double maxPrefillRate(ReplicaFigures p, ServingLoad load) {
    return maxPrefillRate(p, load, 0.99);
  }

  /** As {@link #maxPrefillRate(ReplicaFigures, ServingLoad)}, the SLO on quantile {@code q}. */
  static double maxPrefillRate(ReplicaFigures p, ServingLoad load, double q) {
    if (p.prefillMs() > load.ttftSloMs()) {
      return 0;
    }
    return Bisection.largestPassing(0, 1e3 / p.prefillMs(),
        rate -> prefillTtft(p, rate, q) <= load.ttftSloMs());
  }

  /** {@return the JSON fields in snake_case; unmodifiable} */
  public Map<String, Object> toJsonFields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("prefill_units_per_replica", prefill.units());
    f.put("prefill_replicas", prefillReplicas);
    f.put("decode_units_per_replica", decode.units());
    f.put("decode_batch", decode.batch());
    f.put("decode_replicas", decodeReplicas);
    f.put("total_units", totalUnits());
    f.put("kv_transfer_ms", transferMs);
    f.put("ttft_p99_ms", ttftP99Ms);
    f.put("tpot_ms", tpotMs);
    f.put("goodput_requests_per_s", goodput);
    f.put("system_watts", systemWatts());
    f.put("joules_per_output_token", joulesPerOutputToken());
    f.put("usd_per_million_output_tokens", usdPerMillionOutputTokens());
    return Collections.unmodifiableMap(f);
  }
}
