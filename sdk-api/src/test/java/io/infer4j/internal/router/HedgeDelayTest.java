package io.infer4j.internal.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hedge point of {@link HedgedRace#hedgeDelay}, in nanoseconds after the primary started. */
class HedgeDelayTest {

  private static final long MS = 1_000_000L;
  private static final long UNBOUNDED = Long.MAX_VALUE;

  private static Prediction ttft(long millis) {
    return new Prediction(millis * MS, millis * MS, "test");
  }

  @Test
  void withoutABudgetItIsThePrimarysOwnPrediction() {
    assertEquals(20 * MS, HedgedRace.hedgeDelay(ttft(20), ttft(40), UNBOUNDED));
    assertEquals(20 * MS, HedgedRace.hedgeDelay(ttft(20), null, UNBOUNDED));
  }

  @Test
  void withNeitherABudgetNorAPredictionThereIsNoHedge() {
    assertEquals(HedgedRace.NEVER, HedgedRace.hedgeDelay(null, ttft(40), UNBOUNDED));
  }

  @Test
  void withoutAPredictionItIsHalfTheFirstTokenBudgetLeft() {
    assertEquals(500 * MS, HedgedRace.hedgeDelay(null, null, 1000 * MS));
  }

  @Test
  void itIsEarlyEnoughForTheHedgeToMakeTheFirstTokenBudget() {
    assertEquals(20 * MS, HedgedRace.hedgeDelay(ttft(20), ttft(40), 1000 * MS),
        "its own prediction, when that is earlier");
    assertEquals(60 * MS, HedgedRace.hedgeDelay(ttft(200), ttft(40), 100 * MS),
        "the budget left minus the hedge's prediction");
    assertEquals(100 * MS, HedgedRace.hedgeDelay(ttft(200), null, 100 * MS),
        "a hedge without a prediction counts as answering at once");
  }

  @Test
  void aHedgeThatCouldNotMakeTheBudgetEitherIsNeverStarted() {
    assertEquals(HedgedRace.NEVER, HedgedRace.hedgeDelay(ttft(20), ttft(100), 100 * MS));
    assertEquals(HedgedRace.NEVER, HedgedRace.hedgeDelay(ttft(20), ttft(150), 100 * MS));
    assertEquals(HedgedRace.NEVER, HedgedRace.hedgeDelay(ttft(20), null, 0));
  }
}
