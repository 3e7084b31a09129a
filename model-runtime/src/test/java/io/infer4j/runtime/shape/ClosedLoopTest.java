package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The closed loop's steady state against cases worked by hand and queueing theory's own results. */
class ClosedLoopTest {

  /** 10 ms a decode step whatever the batch. */
  private static final IntToDoubleFunction FLAT_10_MS = b -> 10;

  @Test
  void oneClientAloneSeesItsPrefillThenUninterruptedSteps() {
    // 100 ms prefill, 11 tokens: first token at 100 ms, then 10 steps of 10 ms; nothing else runs
    ClosedLoop one = ClosedLoop.aggregated(1, 11, 100, FLAT_10_MS);
    assertEquals(100, one.ttftMs(), 1e-6);
    assertEquals(10, one.tpotMs(), 1e-6);
    assertEquals(200, one.requestLatencyMs(), 1e-6);
    assertEquals(5, one.requestsPerSecond(), 1e-6); // one request every 200 ms
    assertEquals(55, one.outputTokensPerSecond(), 1e-6);
    assertEquals(0.5, one.prefillBusy(), 1e-9);
  }

  @Test
  void twoClientsSolveTheStatedEquations() {
    // the javadoc's equations for n = 2, S = 0.1 s, D = 0.01 s, O = 11, solved here by plain
    // fixed-point iteration: residual r = (1/2) D / 2; MVA over the think time Z = r + 10 t;
    // t = D / (1 - X S / 2)
    double s = 0.1;
    double d = 0.01;
    double t = d;
    double x = 0;
    double atStation = 0;
    for (int i = 0; i < 10_000; i++) {
      double z = 0.5 * d / 2 + 10 * t;
      double x1 = 1 / (s + z);
      double r2 = s * (1 + x1 * s);
      x = 2 / (r2 + z);
      atStation = r2;
      t = d / (1 - x * s / 2);
    }
    ClosedLoop two = ClosedLoop.aggregated(2, 11, 100, FLAT_10_MS);
    assertEquals(t * 1e3, two.tpotMs(), 1e-6);
    assertEquals(x, two.requestsPerSecond(), 1e-6);
    assertEquals((atStation + 0.5 * d / 2) * 1e3, two.ttftMs(), 1e-6);
    assertTrue(two.tpotMs() > 10, "the other client's prefills interrupt: " + two.tpotMs());
  }

  @Test
  void meanValueAnalysisMatchesTheMachineRepairmanModel() {
    // N = 5 clients, exponential service S = 1, think Z = 4: X = (1 - p0) / S with
    // p0 = 1 / sum_k N! / (N - k)! (S / Z)^k
    int n = 5;
    double s = 1;
    double z = 4;
    double sum = 0;
    double term = 1;
    for (int k = 0; k <= n; k++) {
      sum += term;
      term *= (n - k) * (s / z);
    }
    double expected = (1 - 1 / sum) / s;
    double[] mva = ClosedLoop.meanValue(n, s, 1, z);
    assertEquals(expected, mva[0], 1e-12);
    assertEquals(n / expected - z, mva[1], 1e-9); // Little's law: response = N / X - Z
  }

  @Test
  void manyClientsSaturateThePrefillsAndStretchTheSteps() {
    ClosedLoop previous = ClosedLoop.aggregated(1, 11, 100, FLAT_10_MS);
    for (int users : new int[] {2, 4, 8, 16, 64, 256, 1024}) {
      ClosedLoop next = ClosedLoop.aggregated(users, 11, 100, FLAT_10_MS);
      assertTrue(next.requestsPerSecond() >= previous.requestsPerSecond() - 1e-9, "throughput grows");
      assertTrue(next.requestsPerSecond() <= 10 + 1e-9, "never more prefills than 1 / S");
      assertTrue(next.tpotMs() >= previous.tpotMs() - 1e-9, "steps stretch");
      assertTrue(next.ttftMs() >= previous.ttftMs() - 1e-9, "first tokens wait longer");
      previous = next;
    }
    assertEquals(10, previous.requestsPerSecond(), 0.05); // prefill-bound
    assertTrue(previous.prefillBusy() > 0.99, "prefills busy: " + previous.prefillBusy());
  }

  @Test
  void stepsAreTimedAtTheBatchTheLoopRuns() {
    // 10 ms + 1 ms a sequence: the batch follows Little's law on the decode phase
    ClosedLoop loop = ClosedLoop.aggregated(8, 101, 20, b -> 10 + b);
    double batch = loop.requestsPerSecond() * 100 * loop.tpotMs() / 1e3;
    assertEquals(batch, loop.decodeBatch(), 1e-6);
    assertTrue(loop.decodeBatch() > 6 && loop.decodeBatch() < 8, "most clients decode: "
        + loop.decodeBatch());
    double others = 7.0 / 8;
    double step = 10 + loop.decodeBatch();
    assertEquals(step / (1 - loop.prefillBusy() * others), loop.tpotMs(), 1e-6);
  }

  @Test
  void disaggregatedDecodeNeverWaitsForAPrefill() {
    // one client: prefill 100 ms, transfer 5 ms shared over 10 steps of 10 ms
    ClosedLoop one = ClosedLoop.disaggregated(1, 11, 100, 1, 5, FLAT_10_MS, 1);
    assertEquals(100, one.ttftMs(), 1e-6);
    assertEquals(10.5, one.tpotMs(), 1e-6);
    assertEquals(1 / 0.205, one.requestsPerSecond(), 1e-6);
    // many clients: up to 2 prefill replicas' worth of prefills, 2 / 0.1 s; steps stay 10 ms
    ClosedLoop many = ClosedLoop.disaggregated(1000, 11, 100, 2, 5, FLAT_10_MS, 4);
    assertEquals(20, many.requestsPerSecond(), 0.1);
    assertEquals(10.5, many.tpotMs(), 1e-6);
  }

  @Test
  void inLockstepEveryClientSeesTheBatchedFigures() {
    // 4 clients: their 4 prompts in 400 ms, then 10 steps of 12 ms at batch 4
    ClosedLoop step = ClosedLoop.lockstep(4, 11, 400, 12);
    assertEquals(400, step.ttftMs(), 1e-9);
    assertEquals(12, step.tpotMs(), 1e-9);
    assertEquals(4 / 0.52, step.requestsPerSecond(), 1e-9);
    assertEquals(4, step.decodeBatch(), 1e-9);
    assertEquals(400 / 520.0, step.prefillBusy(), 1e-9);
  }

  @Test
  void oneOutputTokenHasNoTimePerToken() {
    ClosedLoop prefillOnly = ClosedLoop.aggregated(3, 1, 100, FLAT_10_MS);
    assertTrue(Double.isNaN(prefillOnly.tpotMs()));
    assertEquals(prefillOnly.ttftMs(), prefillOnly.requestLatencyMs(), 1e-12);
    assertEquals(10, prefillOnly.requestsPerSecond(), 1e-6); // three clients keep the prefills busy
  }

  @Test
  void impossibleInputIsRefusedByName() {
    assertThrows(IllegalArgumentException.class, () -> ClosedLoop.aggregated(0, 11, 100, FLAT_10_MS));
    assertThrows(IllegalArgumentException.class, () -> ClosedLoop.aggregated(1, 0, 100, FLAT_10_MS));
    assertThrows(IllegalArgumentException.class, () -> ClosedLoop.aggregated(1, 11, 0, FLAT_10_MS));
    assertThrows(IllegalArgumentException.class,
        () -> ClosedLoop.aggregated(1, 11, Double.NaN, FLAT_10_MS));
    assertThrows(IllegalArgumentException.class, () -> ClosedLoop.aggregated(2, 11, 100, b -> 0));
    assertThrows(IllegalArgumentException.class,
        () -> ClosedLoop.disaggregated(1, 11, 100, 0, 1, FLAT_10_MS, 1));
    assertThrows(IllegalArgumentException.class,
        () -> ClosedLoop.disaggregated(1, 11, 100, 1, -1, FLAT_10_MS, 1));
    assertThrows(IllegalArgumentException.class,
        () -> ClosedLoop.disaggregated(1, 1, 100, 1, 1, FLAT_10_MS, 1));
    assertThrows(IllegalArgumentException.class, () -> ClosedLoop.lockstep(1, 11, 100, 0));
  }
}
