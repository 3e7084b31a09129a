package io.infer4j.internal.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.internal.router.CircuitBreaker.Admission;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private static final long S = 1_000_000_000L;

  /** A breaker with threshold 1 that one failure at time 0 opened for 1 s (half-open from S). */
  private static CircuitBreaker openedAtZero() {
    CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(8));
    b.onFailure(0, Admission.PASS);
    return b;
  }

  @Test
  void opensAfterTheThresholdAndReadmitsAfterTheCoolDown() {
    CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(10));
    b.onFailure(0, Admission.PASS);
    b.onFailure(0, Admission.PASS);
    assertEquals(CircuitBreaker.State.CLOSED, b.state(0));
    b.onFailure(0, Admission.PASS);
    assertEquals(CircuitBreaker.State.OPEN, b.state(0));
    assertEquals(S, b.openRemainingNanos(0));
    assertSame(Admission.REFUSED, b.admit(S - 1), "open: nothing passes");
    assertEquals(CircuitBreaker.State.HALF_OPEN, b.state(S));
  }

  @Test
  void eachFailedTrialDoublesTheDelayUpToTheCap() {
    CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(3));
    b.onFailure(0, Admission.PASS); // open 1 s
    b.onFailure(S, b.admit(S)); // trial failed: open 2 s
    assertEquals(2 * S, b.openRemainingNanos(S));
    b.onFailure(3 * S, b.admit(3 * S)); // open 4 s, capped at 3 s
    assertEquals(3 * S, b.openRemainingNanos(3 * S));
  }

  @Test
  void aSuccessClosesItAndForgetsTheHistory() {
    CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(8));
    b.onFailure(0, Admission.PASS);
    b.onFailure(S, b.admit(S));
    b.admit(3 * S);
    b.onSuccess();
    assertEquals(CircuitBreaker.State.CLOSED, b.state(3 * S));
    assertFalse(b.trialInFlight(3 * S));
    b.onFailure(3 * S, Admission.PASS);
    assertEquals(S, b.openRemainingNanos(3 * S), "back to the first delay");
  }

  @Test
  void whileClosedEveryAttemptPassesWithoutTakingATrialSlot() {
    CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(8));
    assertSame(Admission.PASS, b.admit(0));
    assertSame(Admission.PASS, b.admit(0));
    assertFalse(b.trialInFlight(0));
  }

  @Test
  void halfOpenAdmitsOneTrialAtATime() {
    CircuitBreaker b = openedAtZero();
    Admission trial = b.admit(S);
    assertTrue(trial.admitted());
    assertNotSame(Admission.PASS, trial, "the trial is its own admission");
    assertTrue(b.trialInFlight(S));
    assertSame(Admission.REFUSED, b.admit(S), "a second attempt while the trial runs is refused");
    assertSame(Admission.REFUSED, b.admit(5 * S), "however long the trial takes");
  }

  @Test
  void releasingTheTrialFreesTheSlotWithoutChangingTheState() {
    CircuitBreaker b = openedAtZero();
    Admission trial = b.admit(S);
    b.release(trial);
    assertFalse(b.trialInFlight(S));
    assertEquals(CircuitBreaker.State.HALF_OPEN, b.state(S));
    assertEquals(1, b.consecutiveFailures(), "a cancelled trial is not a failure");
    assertTrue(b.admit(S).admitted(), "the next attempt is the new trial");
  }

  @Test
  void aFailedTrialFreesTheSlotAndReopens() {
    CircuitBreaker b = openedAtZero();
    b.onFailure(S, b.admit(S));
    assertEquals(CircuitBreaker.State.OPEN, b.state(S));
    assertEquals(2 * S, b.openRemainingNanos(S));
    assertTrue(b.admit(3 * S).admitted(), "the slot did not outlive the failed trial");
  }

  @Test
  void aStaleTrialCannotFreeTheSlotOfANewerOne() {
    CircuitBreaker b = openedAtZero();
    Admission old = b.admit(S);
    b.onFailure(S, Admission.PASS); // an attempt started while closed fails: re-open for 2 s
    assertSame(Admission.REFUSED, b.admit(3 * S), "the old trial still holds the slot");
    b.release(old);
    Admission newer = b.admit(3 * S);
    assertTrue(newer.admitted());
    b.release(old); // a second, late release of the old trial
    assertTrue(b.trialInFlight(3 * S), "the newer trial keeps its slot");
    b.release(Admission.PASS);
    b.release(Admission.REFUSED);
    assertTrue(b.trialInFlight(3 * S), "admissions that hold nothing free nothing");
  }
}
