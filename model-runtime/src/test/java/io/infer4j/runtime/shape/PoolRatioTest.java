package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ratio of prefill to decode replicas, against DistServe's own arithmetic. */
class PoolRatioTest {

  /**
   * DistServe's blog (hao-ai-lab.github.io/blogs/distserve): one prefill worker about 5.6 req/s,
   * one decode worker about 10 req/s, so 2P1D gives min(2 x 5.6, 10) / 3 GPUs "= 3.3" req/s per GPU
   * (row D2 of samples' published-disaggregated.csv). The published figure is rounded to two
   * digits: 3.25 to 3.35, so within 1.5%.
   */
  @Test
  void distServesTwoPrefillOneDecodeIsTheirPublishedGoodputPerGpu() {
    PoolRatio twoOne = PoolRatio.of(2, 5.6, 1, 1, 10, 1);
    assertEquals(10, twoOne.requestsPerSecond(), 1e-12, "decode-bound: 2 x 5.6 > 10");
    assertEquals(3, twoOne.units());
    assertEquals(3.3, twoOne.perUnit(), 3.3 * 0.015);
  }

  @Test
  void theBestRatioBalancesBothPoolsBetterThanTwoToOne() {
    // the bound is 1 / (1/5.6 + 1/10) = 3.59 req/s per GPU, pools exactly balanced; with at most 8
    // of each, 7P4D comes closest: min(39.2, 40) / 11 = 3.5636
    PoolRatio best = PoolRatio.best(5.6, 1, 10, 1, 8);
    assertEquals(7, best.prefillReplicas());
    assertEquals(4, best.decodeReplicas());
    assertEquals(39.2 / 11, best.perUnit(), 1e-12);
    assertTrue(best.perUnit() > PoolRatio.of(2, 5.6, 1, 1, 10, 1).perUnit());
    assertEquals(2, PoolRatio.best(5.6, 1, 10, 1, 2).prefillReplicas(), "2P1D when 2 is the most");
  }

  @Test
  void onATieTheFewerUnitsWin() {
    PoolRatio best = PoolRatio.best(4, 1, 4, 1, 8); // 1P1D, 2P2D, ... all 2 req/s per unit
    assertEquals(1, best.prefillReplicas());
    assertEquals(1, best.decodeReplicas());
  }

  @Test
  void ratesMustBePositiveAndCountsAtLeastOne() {
    assertThrows(IllegalArgumentException.class, () -> PoolRatio.of(1, 0, 1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> PoolRatio.of(1, 1, 1, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> PoolRatio.best(1, 1, Double.NaN, 1, 8));
    assertThrows(IllegalArgumentException.class, () -> PoolRatio.best(1, 1, 1, 1, 0));
  }
}
