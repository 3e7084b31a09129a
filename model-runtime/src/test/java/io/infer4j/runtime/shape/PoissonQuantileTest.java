package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Poisson quantiles against tabulated values, and the request's TPOT quantile built on them. */
class PoissonQuantileTest {

  @Test
  void quantilesMatchTheCumulativeDistribution() {
    // mu = 2: P(K <= 0..4) = 0.1353, 0.4060, 0.6767, 0.8571, 0.9473
    assertEquals(0, PoissonQuantile.of(2, 0.1));
    assertEquals(1, PoissonQuantile.of(2, 0.2));
    assertEquals(2, PoissonQuantile.of(2, 0.5));
    assertEquals(3, PoissonQuantile.of(2, 0.8));
    assertEquals(4, PoissonQuantile.of(2, 0.9));
    assertEquals(0, PoissonQuantile.of(0, 0.99));
    // mu = 1000 (e^-1000 underflows): the 90th percentile is near mu + 1.2816 sqrt(mu) = 1040.5
    long k = PoissonQuantile.of(1000, 0.9);
    assertEquals(1041, k, 1);
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PoissonQuantile.of(-1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> PoissonQuantile.of(Double.NaN, 0.5));
    assertThrows(IllegalArgumentException.class, () -> PoissonQuantile.of(1, 1));
  }

  @Test
  void aRequestsTpotQuantileCountsThePrefillsThatPauseIt() {
    // S = 100 ms, D = 10 ms, 11 tokens, 2 requests/s: rho = 0.2, mean TPOT 12.5 ms; during 10
    // steps of 12.5 ms, 2/s x 0.125 s = 0.25 prefills arrive on average; P(K = 0) = e^-0.25 =
    // 0.7788, P(K <= 1) = 0.9735: at p50 none (10 ms), at p90 one (10 + 100 / 10 = 20 ms)
    ReplicaFigures f = new ReplicaFigures(1, 8, 100, 10, Double.NaN, Double.NaN);
    assertEquals(12.5, ReplicaUnderLoad.of(f, 2, 11, 0.99).tpotMs(), 1e-9);
    assertEquals(10, ReplicaUnderLoad.of(f, 2, 11, 0.99, 0.5).tpotMs(), 1e-9);
    assertEquals(20, ReplicaUnderLoad.of(f, 2, 11, 0.99, 0.9).tpotMs(), 1e-9);
    assertEquals(20, ReplicaUnderLoad.of(f, 2, 11, 0.99, 0.97).tpotMs(), 1e-9);
    assertEquals(30, ReplicaUnderLoad.of(f, 2, 11, 0.99, 0.98).tpotMs(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> ReplicaUnderLoad.of(f, 2, 11, 0.99, 1.5));
  }
}
