package io.infer4j.internal.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The online latency model: priors, quantiles, prefill, ageing and failures. */
class LatencyStatsTest {

  private static final long MS = 1_000_000L;
  private static final BackendProfile NO_PRIORS = BackendProfile.plain("x", 1);

  private final LatencyStats stats = new LatencyStats(64, Duration.ofMinutes(1));

  @Test
  void withoutObservationsOrPriorsThereIsNoPrediction() {
    assertTrue(stats.predict(NO_PRIORS, 10, 10, 0.9, 0).isEmpty());
  }

  @Test
  void aWaitCutOffIsALowerBoundNotAnObservation() {
    stats.recordFirstTokenAtLeast(112 * MS, 0, 0);
    assertTrue(stats.predict(NO_PRIORS, 0, 1, 0.9, 0).isEmpty(), "alone it predicts nothing");
    assertTrue(!stats.hasFirstTokens(0));

    BackendProfile priors = NO_PRIORS.withPriors(
        Duration.ofMillis(50), Duration.ZERO, Duration.ZERO);
    Prediction raised = stats.predict(priors, 0, 1, 0.9, 0).orElseThrow();
    assertEquals(112 * MS, raised.ttftNanos(), "the priors' 50 ms raised to the wait");
    assertTrue(raised.source().startsWith("configured priors, raised to the 112"), raised.source());

    for (int i = 0; i < 9; i++) {
      stats.recordFirstToken(20 * MS, 0, 0);
    }
    Prediction learnt = stats.predict(NO_PRIORS, 0, 1, 0.9, 0).orElseThrow();
    assertEquals(20 * MS, learnt.ttftNanos(), "with observations it is one among them: p90 of 10");
    assertEquals(112 * MS, stats.predict(NO_PRIORS, 0, 1, 1.0, 0).orElseThrow().ttftNanos());
    assertEquals("learnt from 9 observations and 1 wait cut off", learnt.source());
  }

  @Test
  void aWaitCutOffIsKeptInTheStateFile() {
    stats.recordFirstTokenAtLeast(112 * MS, 7, 0);
    LatencyStats restored = new LatencyStats(64, Duration.ofMinutes(1));
    stats.export(0, (kind, v, c, age) -> assertTrue(restored.restore(kind, v, c, age, 0), kind));
    BackendProfile priors = NO_PRIORS.withPriors(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    assertEquals(112 * MS, restored.predict(priors, 0, 1, 0.9, 0).orElseThrow().ttftNanos());
  }

  @Test
  void priorsAreUsedBeforeTheFirstObservation() {
    BackendProfile priors = NO_PRIORS.withPriors(
        Duration.ofMillis(100), Duration.ofMillis(1), Duration.ofMillis(10));
    Prediction p = stats.predict(priors, 50, 11, 0.9, 0).orElseThrow();
    assertEquals(150 * MS, p.ttftNanos()); // 100 ms + 50 prompt tokens x 1 ms
    assertEquals(250 * MS, p.totalNanos()); // + 10 further tokens x 10 ms
    assertEquals("configured priors", p.source());
  }

  @Test
  void predictionsAreTheConfiguredQuantileOfRecentObservations() {
    for (int i = 1; i <= 10; i++) {
      stats.recordFirstToken(i * 10 * MS, 0, 0);
      stats.recordPerToken(i * MS, 0);
    }
    Prediction p90 = stats.predict(NO_PRIORS, 0, 2, 0.9, 0).orElseThrow();
    assertEquals(90 * MS, p90.ttftNanos());
    assertEquals(99 * MS, p90.totalNanos());
    assertEquals(50 * MS, stats.predict(NO_PRIORS, 0, 1, 0.5, 0).orElseThrow().ttftNanos());
  }

  @Test
  void theLearntPrefillMakesLongerPromptsSlowerToTheFirstToken() {
    // 20 ms queue + 0.5 ms per prompt token
    for (int tokens : new int[] {0, 100, 200, 400}) {
      stats.recordFirstToken(20 * MS + tokens * MS / 2, tokens, 0);
    }
    assertEquals(20 * MS, stats.predict(NO_PRIORS, 0, 1, 0.9, 0).orElseThrow().ttftNanos());
    assertEquals(520 * MS, stats.predict(NO_PRIORS, 1000, 1, 0.9, 0).orElseThrow().ttftNanos());
  }

  @Test
  void oldObservationsAgeOutOfTheWindow() {
    stats.recordFirstToken(500 * MS, 0, 0);
    long later = Duration.ofSeconds(50).toNanos();
    stats.recordFirstToken(40 * MS, 0, later);
    assertEquals(500 * MS, stats.predict(NO_PRIORS, 0, 1, 0.9, later).orElseThrow().ttftNanos());
    long afterWindow = Duration.ofSeconds(61).toNanos();
    assertEquals(40 * MS, stats.predict(NO_PRIORS, 0, 1, 0.9, afterWindow).orElseThrow().ttftNanos());
    assertTrue(stats.predict(NO_PRIORS, 0, 1, 0.9, Duration.ofSeconds(200).toNanos()).isEmpty());
  }

  @Test
  void onlyTheMostRecentObservationsAreKept() {
    LatencyStats small = new LatencyStats(4, Duration.ofMinutes(1));
    for (int i = 0; i < 4; i++) {
      small.recordFirstToken(900 * MS, 0, 0);
    }
    for (int i = 0; i < 4; i++) {
      small.recordFirstToken(30 * MS, 0, 0);
    }
    assertEquals(30 * MS, small.predict(NO_PRIORS, 0, 1, 0.9, 0).orElseThrow().ttftNanos());
  }

  @Test
  void failuresRaiseTheQuantileUsedInsteadOfCountingAsFastAnswers() {
    for (int i = 1; i <= 10; i++) {
      stats.recordFirstToken(i * 10 * MS, 0, 0);
      stats.recordSuccess(0);
    }
    assertEquals(0.0, stats.failureShare(0));
    stats.recordFailure(0);
    stats.recordFailure(0);
    double share = stats.failureShare(0); // 2 of 12 live outcomes, plus one assumed success
    assertEquals(2.0 / 13.0, share, 1e-12);
    double q = LatencyStats.effectiveQuantile(0.9, share);
    assertTrue(q > 0.9, "q=" + q);
    assertEquals(100 * MS, stats.predict(NO_PRIORS, 0, 1, q, 0).orElseThrow().ttftNanos());
  }
}
