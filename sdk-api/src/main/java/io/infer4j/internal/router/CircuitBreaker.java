package io.infer4j.internal.router;

import java.time.Duration;

/**
 * Cools down a backend that keeps failing. Closed: requests pass. After {@code threshold}
 * consecutive failures it opens for the cool-down; when that has passed it is half-open: requests
 * pass again as trials, a success closes it, a failure re-opens it with twice the previous delay
 * (capped at {@code maxCoolDown}). Times are nanoseconds of the router's monotonic clock.
 * Thread-safe.
 */
final class CircuitBreaker {

  /** Where the breaker stands at a given time. */
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final long coolDownNanos;
  private final long maxCoolDownNanos;
  private int consecutiveFailures;
  private int opens; // times opened since the last success
  private long openUntil;

  CircuitBreaker(int threshold, Duration coolDown, Duration maxCoolDown) {
    this.threshold = threshold;
    this.coolDownNanos = coolDown.toNanos();
    this.maxCoolDownNanos = Math.max(coolDownNanos, maxCoolDown.toNanos());
  }

  synchronized State state(long nowNanos) {
    if (opens == 0) {
      return State.CLOSED;
    }
    return nowNanos - openUntil < 0 ? State.OPEN : State.HALF_OPEN;
  }

  /** Nanoseconds until re-admission; 0 unless open. */
  synchronized long openRemainingNanos(long nowNanos) {
    return state(nowNanos) == State.OPEN ? openUntil - nowNanos : 0;
  }

  synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  synchronized void onSuccess() {
    consecutiveFailures = 0;
    opens = 0;
  }

  synchronized void onFailure(long nowNanos) {
    consecutiveFailures++;
    State s = state(nowNanos);
    if (s == State.HALF_OPEN || (s == State.CLOSED && consecutiveFailures >= threshold)) {
      long delay = coolDownNanos;
      for (int i = 0; i < opens && delay < maxCoolDownNanos; i++) {
        delay *= 2;
      }
      openUntil = nowNanos + Math.min(delay, maxCoolDownNanos);
      opens++;
    }
  }
}
