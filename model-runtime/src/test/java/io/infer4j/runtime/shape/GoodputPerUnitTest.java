package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Goodput per unit, aggregated against disaggregated, against figures worked by hand. */
class GoodputPerUnitTest {

  /** 1 unit, 100 ms prefills, 8 slots, 10 ms decode steps: serves as any of the three. */
  private static final ReplicaFigures ONE = new ReplicaFigures(1, 8, 100, 10, 500, 2.0);
  private static final DisaggregatedCapacity.Transfer TWO_MS = (from, to) -> 2.0;

  /** 200 + 11 tokens; TTFT 500 ms, TPOT 12 ms (the rate is not used). */
  private static final ServingLoad TIGHT_TPOT = new ServingLoad(1, 200, 11, 500, 12);

  @Test
  void whenTheTokenSloBindsDisaggregationServesMorePerUnit() {
    GoodputPerUnit g = GoodputPerUnit.best(TIGHT_TPOT, 0.99, List.of(ONE), List.of(ONE),
        List.of(ONE), TWO_MS);
    // aggregated: TPOT = 10 / (1 - 0.1 lambda) <= 12 holds up to lambda = 5/3; the first token's
    // p99 there is 0.1 + 0.01 + ln(16.7) / 8.33 = 0.448 s (plus a negligible slot wait), in its SLO
    assertEquals(5.0 / 3, g.aggregatedRate(), 1e-6);
    assertEquals(5.0 / 3, g.aggregatedPerUnit(), 1e-6);
    // a prefill replica: 0.1 + ln(10 lambda) / (10 - lambda) <= 0.5 up to about 2.235/s (as in
    // DisaggregatedCapacityTest); a decode replica takes tens of requests per second, so the best
    // ratio is the most prefill replicas per decode one: 8P1D, 8 x 2.235 / 9 units
    assertTrue(g.prefillRate() > 2.23 && g.prefillRate() < 2.24, "prefill: " + g.prefillRate());
    assertTrue(g.decodeRate() > 8 * g.prefillRate(), "decode: " + g.decodeRate());
    assertEquals(8, g.prefillReplicas());
    assertEquals(1, g.decodeReplicas());
    assertEquals(9, g.disaggregatedUnits());
    assertEquals(8 * g.prefillRate() / 9, g.disaggregatedPerUnit(), 1e-12);
    assertTrue(g.ratio() > 1.15 && g.ratio() < 1.25, "about 1.99 / 1.67: " + g.ratio());
    assertEquals(2.0, g.transferMs());
  }

  @Test
  void whenTheFirstTokensSloBindsAggregatedIsAsGood() {
    ServingLoad loose = new ServingLoad(1, 200, 11, 500, 20);
    GoodputPerUnit g = GoodputPerUnit.best(loose, 0.99, List.of(ONE), List.of(ONE), List.of(ONE),
        TWO_MS);
    // both are held by the prefill's queue; the disaggregated one also spends a unit on decode
    assertTrue(g.ratio() < 1, "ratio " + g.ratio());
  }

  @Test
  void aLowerPercentileOfTheFirstTokenAllowsMoreRequests() {
    GoodputPerUnit p90 = GoodputPerUnit.best(TIGHT_TPOT, 0.9, List.of(ONE), List.of(ONE),
        List.of(ONE), TWO_MS);
    // 0.1 + ln(10 x 0.1 lambda) / (10 - lambda) <= 0.5: ln(5.66) / 4.34 = 0.3994, ln(5.67) / 4.33
    // = 0.4007
    assertTrue(p90.prefillRate() > 5.66 && p90.prefillRate() < 5.67, "p90: " + p90.prefillRate());
    assertEquals(0.9, p90.ttftQuantile());
  }

  @Test
  void noAggregatedReplicaMeetingTheSlosLeavesOnlyTheDisaggregatedOne() {
    ReplicaFigures slowStep = new ReplicaFigures(1, 8, 100, 13, 500, 2.0); // 13 ms > 12 ms
    GoodputPerUnit g = GoodputPerUnit.best(TIGHT_TPOT, 0.99, List.of(slowStep), List.of(ONE),
        List.of(ONE), TWO_MS);
    assertNull(g.aggregated());
    assertEquals(0, g.aggregatedPerUnit());
    assertEquals(false, g.toJsonFields().get("aggregated") instanceof java.util.Map<?, ?> m
        && Boolean.TRUE.equals(m.get("meets_slos")));
  }

  @Test
  void sloNoPoolMeetsAndABadQuantileAreNamed() {
    ReplicaFigures slowStep = new ReplicaFigures(1, 8, 100, 13, 500, 2.0);
    InvalidRequestException tpot = assertThrows(InvalidRequestException.class,
        () -> GoodputPerUnit.best(TIGHT_TPOT, 0.99, List.of(), List.of(ONE), List.of(slowStep),
            TWO_MS));
    assertEquals("tpotSlo", tpot.field());
    ReplicaFigures slowPrefill = new ReplicaFigures(1, 1, 600, 10, 500, 2.0);
    InvalidRequestException ttft = assertThrows(InvalidRequestException.class,
        () -> GoodputPerUnit.best(TIGHT_TPOT, 0.99, List.of(), List.of(slowPrefill), List.of(ONE),
            TWO_MS));
    assertEquals("ttftSlo", ttft.field());
    assertThrows(IllegalArgumentException.class, () -> GoodputPerUnit.best(TIGHT_TPOT, 1.0,
        List.of(ONE), List.of(ONE), List.of(ONE), TWO_MS));
    assertThrows(IllegalArgumentException.class, () -> ReplicaUnderLoad.of(ONE, 1, 11, 0));
  }

  @Test
  void theDefaultQuantileIsTheNinetyNinth() {
    assertEquals(ReplicaUnderLoad.of(ONE, 2, 11), ReplicaUnderLoad.of(ONE, 2, 11, 0.99));
  }

  @Test
  void aTpotPercentileTightensOnlyTheAggregatedReplica() {
    GoodputPerUnit mean = GoodputPerUnit.best(TIGHT_TPOT, 0.99, List.of(ONE), List.of(ONE),
        List.of(ONE), TWO_MS);
    GoodputPerUnit p90 = GoodputPerUnit.best(TIGHT_TPOT, 0.99, 0.9, List.of(ONE), List.of(ONE),
        List.of(ONE), TWO_MS);
    assertEquals(0.9, p90.tpotQuantile(), 0);
    assertTrue(Double.isNaN(mean.tpotQuantile()));
    // some requests are paused by more prefills than the mean: the colocated replica serves less
    assertTrue(p90.aggregatedRate() < mean.aggregatedRate(), p90 + " vs " + mean);
    // a decode replica is never paused by a prefill: the same pools, the same rates
    assertEquals(mean.disaggregatedRate(), p90.disaggregatedRate(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> GoodputPerUnit.best(TIGHT_TPOT, 0.99, 1.0,
        List.of(ONE), List.of(ONE), List.of(ONE), TWO_MS));
  }
}
