package io.infer4j.runtime.shape;

import io.infer4j.InvalidRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Goodput per chip or GPU, aggregated against disaggregated, on the same SLOs: the most requests
 * per second a system serves within both SLOs, divided by the chips or GPUs it takes. This is the
 * measure DistServe (Zhong et al., OSDI 2024) compares systems by, so a published "disaggregation
 * serves N times more requests per GPU" can be checked against it.
 *
 * <p><b>Model.</b> Aggregated: the best single replica among the candidates (its most requests per
 * second within the SLOs by {@link ReplicaUnderLoad}, per unit). Disaggregated: the best prefill
 * replica and decode replica of {@link DisaggregatedCapacity}'s model, each at its most requests
 * per second within its own SLO, combined in the ratio of {@code m} prefill to {@code n} decode
 * replicas ({@code 1 <= m, n <=} {@value #MAX_POOL_REPLICAS}) whose {@code min(m x prefill rate, n
 * x decode rate) / units} is highest ({@link PoolRatio}; DistServe's 2P1D is {@code m = 2, n =
 * 1}). The load's request
 * rate is not used: goodput is what the SLOs allow.
 *
 * <p>The first token's SLO is on quantile {@code ttftQuantile} (0.99 for {@code plan --rate}'s
 * p99, 0.9 for DistServe's P90). The time per output token is the model's mean, or with a {@code
 * tpotQuantile} that quantile of the requests' own times per output token: in an aggregated
 * replica each request's decoding is paused by the prefills that arrive meanwhile, a number that
 * varies from request to request ({@link ReplicaUnderLoad}); a decode replica never pauses, so
 * there it is the mean.
 *
 * @param load prompt and output lengths and the SLOs (its rate is ignored)
 * @param ttftQuantile the quantile the first token's SLO is on
 * @param tpotQuantile the quantile the time per output token's SLO is on, or NaN for the mean
 * @param aggregated the best aggregated replica, or null when none meets the SLOs
 * @param aggregatedRate its goodput, requests per second (0 when none)
 * @param prefill the prefill replica of the best disaggregated system
 * @param prefillRate one prefill replica's goodput (its TTFT SLO alone), requests per second
 * @param prefillReplicas {@code m}
 * @param decode the decode replica of the best disaggregated system
 * @param decodeRate one decode replica's goodput (its TPOT SLO, transfer included), requests/s
 * @param decodeReplicas {@code n}
 * @param transferMs the KV cache's transfer between them, ms
 */
public record GoodputPerUnit(
    ServingLoad load,
    double ttftQuantile,
    double tpotQuantile,
    ReplicaFigures aggregated,
    double aggregatedRate,
    ReplicaFigures prefill,
    double prefillRate,
    int prefillReplicas,
    ReplicaFigures decode,
    double decodeRate,
    int decodeReplicas,
    double transferMs) {

  /** The most replicas of one pool tried in the ratio search: 8:1 to 1:8. */
  public static final int MAX_POOL_REPLICAS = 8;

  private static final double TINY_RATE = 1e-9;

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code load}, {@code prefill} or {@code decode} is null
   * @throws IllegalArgumentException if a pool has no replica, a pool's rate is not positive, or
   *     {@code aggregatedRate} is negative
   */
  public GoodputPerUnit {
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(prefill, "prefill");
    Objects.requireNonNull(decode, "decode");
    if (prefillReplicas < 1 || decodeReplicas < 1) {
      throw new IllegalArgumentException("each pool needs at least one replica");
    }
    if (!(prefillRate > 0) || !(decodeRate > 0) || !(aggregatedRate >= 0)) {
      throw new IllegalArgumentException("pool rates must be positive, the aggregated one >= 0");
    }
  }

  /** {@return the requests per second the disaggregated system serves within the SLOs} */
  public double disaggregatedRate() {
    return Math.min(prefillReplicas * prefillRate, decodeReplicas * decodeRate);
  }

  /** {@return the chips or GPUs of the disaggregated system} */
  public long disaggregatedUnits() {
    return (long) prefillReplicas * prefill.units() + (long) decodeReplicas * decode.units();
  }

  /** {@return the disaggregated goodput per chip or GPU, requests per second} */
  public double disaggregatedPerUnit() {
    return disaggregatedRate() / disaggregatedUnits();
  }

  /**
   * {@return the aggregated goodput per chip or GPU, requests per second (0 when none meets the
   * SLOs)}
   */
  public double aggregatedPerUnit() {
    return aggregated == null ? 0 : aggregatedRate / aggregated.units();
  }

  /**
   * {@return the disaggregated over the aggregated goodput per unit (infinite when aggregated meets
   * no SLO)}
   */
  public double ratio() {
    return disaggregatedPerUnit() / aggregatedPerUnit();
  }

  /**
   * Both systems at their best.
   *
   * @param load prompt and output lengths and the SLOs (its rate is ignored)
   * @param ttftQuantile the quantile the first token's SLO is on, strictly between 0 and 1
   * @param aggregatedCandidates replicas serving both phases (empty: no aggregated system)
   * @param prefills prefill replicas to choose from
   * @param decodes decode replicas to choose from
   * @param transfer the KV transfer time between a prefill and a decode replica
   * @return the best aggregated and the best disaggregated system
   * @throws InvalidRequestException naming {@code ttftSlo} when no prefill replica meets the first
   *     token's SLO, {@code tpotSlo} when no decode replica meets the per-token one
   * @throws IllegalArgumentException when {@code ttftQuantile} is not strictly between 0 and 1, or
   *     a pool has no candidate
   */
  public static GoodputPerUnit best(ServingLoad load, double ttftQuantile,
      List<ReplicaFigures> aggregatedCandidates, List<ReplicaFigures> prefills,
      List<ReplicaFigures> decodes, DisaggregatedCapacity.Transfer transfer) {
    return best(load, ttftQuantile, Double.NaN, aggregatedCandidates, prefills, decodes, transfer);
  }

  /**
   * Both systems at their best, the time per output token held at a quantile of the requests' own.
   *
   * @param load prompt and output lengths and the SLOs (its rate is ignored)
   * @param ttftQuantile the quantile the first token's SLO is on, strictly between 0 and 1
   * @param tpotQuantile the quantile the time per output token's SLO is on, strictly between 0 and
   *     1, or NaN for the mean
   * @param aggregatedCandidates replicas serving both phases (empty: no aggregated system)
   * @param prefills prefill replicas to choose from
   * @param decodes decode replicas to choose from
   * @param transfer the KV transfer time between a prefill and a decode replica
   * @return the best aggregated and the best disaggregated system
   * @throws InvalidRequestException naming {@code ttftSlo} when no prefill replica meets the first
   *     token's SLO, {@code tpotSlo} when no decode replica meets the per-token one
   * @throws IllegalArgumentException when a quantile is not strictly between 0 and 1 (nor NaN for
   *     {@code tpotQuantile}), or a pool has no candidate
   */
  public static GoodputPerUnit best(ServingLoad load, double ttftQuantile, double tpotQuantile,
      List<ReplicaFigures> aggregatedCandidates, List<ReplicaFigures> prefills,
      List<ReplicaFigures> decodes, DisaggregatedCapacity.Transfer transfer) {
    ReplicaUnderLoad.checkQuantile(ttftQuantile);
    if (!Double.isNaN(tpotQuantile)) {
      ReplicaUnderLoad.checkQuantile(tpotQuantile);
    }
    if (prefills.isEmpty() || decodes.isEmpty()) {
      throw new IllegalArgumentException("both pools need at least one configuration");
    }
    ReplicaFigures bestAggregated = null;
    double bestAggregatedRate = 0;
    for (ReplicaFigures c : aggregatedCandidates) {
      if (!ReplicaUnderLoad.of(c, TINY_RATE, load.outputTokens(), ttftQuantile, tpotQuantile)
          .meets(load)) {
        continue;
      }
      double rate = Bisection.largestPassing(TINY_RATE, 1e3 / c.prefillMs(),
          r -> ReplicaUnderLoad.of(c, r, load.outputTokens(), ttftQuantile, tpotQuantile)
              .meets(load));
      if (bestAggregated == null || rate / c.units() > bestAggregatedRate / bestAggregated.units()) {
        bestAggregated = c;
        bestAggregatedRate = rate;
      }
    }
    GoodputPerUnit best = null;
    double fastestFirst = Double.POSITIVE_INFINITY;
    double fastestToken = Double.POSITIVE_INFINITY;
    for (ReplicaFigures p : prefills) {
      fastestFirst = Math.min(fastestFirst, p.prefillMs());
      double pr = DisaggregatedCapacity.maxPrefillRate(p, load, ttftQuantile);
      if (pr <= 0) {
        continue;
      }
      for (ReplicaFigures d : decodes) {
        double t = transfer.ms(p.units(), d.units());
        double unloaded = DisaggregatedCapacity.tpot(load, d, t, 0);
        fastestToken = Math.min(fastestToken, unloaded);
        if (unloaded > load.tpotSloMs()) {
          continue;
        }
        double dr = DisaggregatedCapacity.maxDecodeRate(load, d, t);
        if (dr <= 0) {
          continue;
        }
        PoolRatio ratio = PoolRatio.best(pr, p.units(), dr, d.units(), MAX_POOL_REPLICAS);
        GoodputPerUnit g = new GoodputPerUnit(load, ttftQuantile, tpotQuantile, bestAggregated,
            bestAggregatedRate, p, pr, ratio.prefillReplicas(), d, dr, ratio.decodeReplicas(), t);
        if (best == null || better(g, best)) {
          best = g;
        }
      }
    }
    if (best != null) {
      return best;
    }
    if (fastestFirst > load.ttftSloMs()) {
      throw new InvalidRequestException("ttftSlo", String.format(Locale.ROOT,
          "no prefill replica meets a time to first token of %.1f ms: prefilling %d prompt tokens"
              + " takes at least %.1f ms", load.ttftSloMs(), load.promptTokens(), fastestFirst));
    }
    throw new InvalidRequestException("tpotSlo", String.format(Locale.ROOT,
        "no decode replica meets a time per output token of %.2f ms: the best takes %.2f ms",
        load.tpotSloMs(), fastestToken));
  }

  /** More goodput per unit; on a tie (within 1e-9), fewer units in all. */
  private static boolean better(GoodputPerUnit a, GoodputPerUnit b) {
    double x = a.disaggregatedPerUnit();
    double y = b.disaggregatedPerUnit();
    if (Math.abs(x - y) > 1e-9 * Math.max(x, y)) {
      return x > y;
    }
    return a.disaggregatedUnits() < b.disaggregatedUnits();
  }

  /** {@return the JSON fields in snake_case; unmodifiable} */
  public Map<String, Object> toJsonFields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("ttft_quantile", ttftQuantile);
    f.put("tpot_quantile", tpotQuantile); // null: the mean
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("meets_slos", aggregated != null);
    if (aggregated != null) {
      a.put("units_per_replica", aggregated.units());
      a.put("batch", aggregated.batch());
      a.put("goodput_requests_per_s", aggregatedRate);
      a.put("goodput_requests_per_s_per_unit", aggregatedPerUnit());
    }
    f.put("aggregated", a);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("prefill_units_per_replica", prefill.units());
    d.put("prefill_replicas", prefillReplicas);
    d.put("prefill_replica_goodput_requests_per_s", prefillRate);
    d.put("decode_units_per_replica", decode.units());
    d.put("decode_batch", decode.batch());
    d.put("decode_replicas", decodeReplicas);
    d.put("decode_replica_goodput_requests_per_s", decodeRate);
    d.put("kv_transfer_ms", transferMs);
    d.put("total_units", disaggregatedUnits());
    d.put("goodput_requests_per_s", disaggregatedRate());
    d.put("goodput_requests_per_s_per_unit", disaggregatedPerUnit());
    f.put("disaggregated", d);
    f.put("disaggregated_over_aggregated", aggregated == null ? null : ratio());
    return Collections.unmodifiableMap(f);
  }
}
