package io.infer4j.internal.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private static final long S = 1_000_000_000L;

  @Test
  void opensAfterTheThresholdAndReadmitsAfterTheCoolDown() {
    CircuitBreaker b = new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(10));
    b.onFailure(0);
    b.onFailure(0);
    assertEquals(CircuitBreaker.State.CLOSED, b.state(0));
    b.onFailure(0);
    assertEquals(CircuitBreaker.State.OPEN, b.state(0));
    assertEquals(S, b.openRemainingNanos(0));
    assertEquals(CircuitBreaker.State.HALF_OPEN, b.state(S));
  }

  @Test
  void eachFailedTrialDoublesTheDelayUpToTheCap() {
    CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(3));
    b.onFailure(0); // open 1 s
    b.onFailure(S); // trial failed: open 2 s
    assertEquals(2 * S, b.openRemainingNanos(S));
    b.onFailure(3 * S); // open 4 s, capped at 3 s
    assertEquals(3 * S, b.openRemainingNanos(3 * S));
  }

  @Test
  void aSuccessClosesItAndForgetsTheHistory() {
    CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(8));
    b.onFailure(0);
    b.onFailure(S);
    b.onSuccess();
    assertEquals(CircuitBreaker.State.CLOSED, b.state(3 * S));
    b.onFailure(3 * S);
    assertEquals(S, b.openRemainingNanos(3 * S), "back to the first delay");
  }
}
