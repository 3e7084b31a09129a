package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.spi.LatencyEstimate;
import org.junit.jupiter.api.Test;

class LatencyModelTest {

  private static final long MS = 1_000_000L;

  @Test
  void nothingIsPredictedBeforeTheFirstObservation() {
    assertTrue(new LatencyModel().estimate(10).isEmpty());
  }

  @Test
  void longerPromptsArePredictedToTakeLongerToTheFirstToken() {
    LatencyModel m = new LatencyModel();
    for (int i = 0; i < 10; i++) {
      // 50 ms of queue and network, plus 0.1 ms per prompt token
      m.observe(100, (50 + 10) * MS, 11, 100 * MS);
      m.observe(1000, (50 + 100) * MS, 11, 100 * MS);
    }
    LatencyEstimate small = m.estimate(100).orElseThrow();
    LatencyEstimate large = m.estimate(2000).orElseThrow();
    assertEquals(60, small.timeToFirstToken().toMillis(), 2);
    assertEquals(250, large.timeToFirstToken().toMillis(), 5);
    assertEquals(10, small.perToken().toMillis(), 1, "100 ms over 10 tokens after the first");
    assertTrue(small.total(101).compareTo(small.total(11)) > 0, "max tokens matter");
  }

  @Test
  void confidenceGrowsWithObservationsButStaysBelowOne() {
    LatencyModel m = new LatencyModel();
    m.observe(10, 20 * MS, 5, 40 * MS);
    double early = m.estimate(10).orElseThrow().confidence();
    for (int i = 0; i < 50; i++) {
      m.observe(10, 20 * MS, 5, 40 * MS);
    }
    double late = m.estimate(10).orElseThrow().confidence();
    assertTrue(early < late && late < 1.0, early + " -> " + late);
  }
}
