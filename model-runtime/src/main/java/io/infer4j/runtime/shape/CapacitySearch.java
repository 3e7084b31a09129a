package io.infer4j.runtime.shape;

import io.infer4j.InvalidRequestException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the smallest system that serves a {@link ServingLoad} within its SLOs: among replica
 * configurations a timing model offers (chips or GPUs per replica, batch), the one needing the
 * fewest chips or GPUs in all, each replica taking an equal share of the requests ({@link
 * ReplicaUnderLoad} says what a replica sees at a rate). Ties go to the most headroom (the higher
 * goodput), then to the lower time to first token.
 *
 * <p>For each configuration: the most requests per second one replica serves within the SLOs (a
 * bisection: every figure of {@link ReplicaUnderLoad} worsens as the rate grows), then as many
 * replicas as the load needs. Stateless.
 */
public final class CapacitySearch {

  /** The most replicas a plan may have: beyond this the answer is "not with this hardware". */
  static final int MAX_REPLICAS = 1_000_000;
  private static final double TINY_RATE = 1e-9;

  private CapacitySearch() {}

  /**
   * {@return the smallest system among {@code candidates} for {@code load}}
   *
   * @param load the request rate, lengths and SLOs
   * @param candidates replica configurations to choose from; not empty
   * @param unitName what one unit is, for the plan's text ("chip", "GPU")
   * @throws InvalidRequestException naming {@code tpotSlo} or {@code ttftSlo} when no candidate
   *     meets the SLOs even unloaded, saying by how much the best one misses; naming {@code rate}
   *     when the load would need more than {@value #MAX_REPLICAS} replicas
   */
  public static CapacityPlan smallest(ServingLoad load, List<ReplicaFigures> candidates, String unitName) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no replica configuration to choose from");
    }
    CapacityPlan best = null;
    for (ReplicaFigures c : candidates) {
      if (!ReplicaUnderLoad.of(c, TINY_RATE, load.outputTokens()).meets(load)) {
        continue; // misses an SLO even unloaded
      }
      double perReplica = maxRate(c, load);
      double needed = Math.ceil(load.requestsPerSecond() / perReplica - 1e-9);
      if (needed > MAX_REPLICAS) {
        continue;
      }
      int replicas = (int) Math.max(1, needed);
      ReplicaUnderLoad at = ReplicaUnderLoad.of(c, load.requestsPerSecond() / replicas, load.outputTokens());
      CapacityPlan plan = new CapacityPlan(load, c, replicas, at, replicas * perReplica, unitName);
      if (best == null || ORDER.compare(plan, best) < 0) {
        best = plan;
      }
    }
    if (best == null) {
      throw whyNone(load, candidates, unitName);
    }
    return best;
  }

  private static final Comparator<CapacityPlan> ORDER =
      Comparator.comparingLong(CapacityPlan::totalUnits)
          .thenComparing(Comparator.comparingDouble(CapacityPlan::maxRequestsPerSecond).reversed())
          .thenComparingDouble(p -> p.atLoad().ttftP99Ms());

  /** The largest rate one replica of {@code c} serves within the SLOs (c meets them unloaded). */
  static double maxRate(ReplicaFigures c, ServingLoad load) {
    // beyond 1/S requests per second prefills alone would fill the replica's time
    return Bisection.largestPassing(TINY_RATE, 1e3 / c.prefillMs(),
        rate -> ReplicaUnderLoad.of(c, rate, load.outputTokens()).meets(load));
  }

  private static InvalidRequestException whyNone(
      ServingLoad load, List<ReplicaFigures> candidates, String unitName) {
    ReplicaFigures fastestStep =
        candidates.stream().min(Comparator.comparingDouble(ReplicaFigures::interTokenMs)).orElseThrow();
    ReplicaFigures fastestFirst = candidates.stream()
        .min(Comparator.comparingDouble(c -> c.prefillMs() + c.interTokenMs())).orElseThrow();
    double step = fastestStep.interTokenMs();
    double first = fastestFirst.prefillMs() + fastestFirst.interTokenMs();
    if (step > load.tpotSloMs()) {
      return new InvalidRequestException("tpotSlo", String.format(Locale.ROOT,
          "no configuration meets a time per output token of %.2f ms: the fastest decode step takes"
              + " %.2f ms (%d %s%s, batch %d), %.0f%% over", load.tpotSloMs(), step,
          fastestStep.units(), unitName, fastestStep.units() == 1 ? "" : "s", fastestStep.batch(),
          100 * (step / load.tpotSloMs() - 1)));
    }
    if (first > load.ttftSloMs()) {
      return new InvalidRequestException("ttftSlo", String.format(Locale.ROOT,
          "no configuration meets a time to first token of %.1f ms: prefilling %d prompt tokens and"
              + " one decode step take at least %.1f ms (%d %s%s), %.0f%% over", load.ttftSloMs(),
          load.promptTokens(), first, fastestFirst.units(), unitName,
          fastestFirst.units() == 1 ? "" : "s", 100 * (first / load.ttftSloMs() - 1)));
    }
    boolean anyMeetsUnloaded = candidates.stream()
        .anyMatch(c -> ReplicaUnderLoad.of(c, TINY_RATE, load.outputTokens()).meets(load));
    if (!anyMeetsUnloaded) {
      return new InvalidRequestException("ttftSlo", String.format(Locale.ROOT,
          "no configuration meets both SLOs at once: the fastest decode step (%.2f ms) comes with a"
              + " first token after %.1f ms, the fastest first token (%.1f ms) with steps of %.2f ms",
          step, fastestStep.prefillMs() + step, first, fastestFirst.interTokenMs()));
    }
    return new InvalidRequestException("rate", String.format(Locale.ROOT,
        "no configuration serves %.2f requests/s within the SLOs with at most %d replicas",
        load.requestsPerSecond(), MAX_REPLICAS));
  }
}
