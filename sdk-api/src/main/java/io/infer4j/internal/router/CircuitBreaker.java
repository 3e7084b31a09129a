package io.infer4j.internal.router;

import java.time.Duration;

/**
 * Cools down a backend that keeps failing. Closed: requests pass. After {@code threshold}
 * consecutive failures it opens for the cool-down; when that has passed it is half-open: it admits
 * ONE trial attempt at a time (the first to ask takes the trial slot, the others are refused while
 * it is in flight), a success closes it, a failure re-opens it with twice the previous delay
 * (capped at {@code maxCoolDown}), and any other end (cancelled, lost a hedge race, deadline, rate
 * limit) only frees the slot. Times are nanoseconds of the router's monotonic clock.
 *
 * <p>Threads: thread-safe; every method is atomic. Ownership: an {@link Admission} that is a trial
 * holds the slot until it is passed to {@link #onFailure} or {@link #release}, or any attempt
 * succeeds (each idempotent for it); only the admission that took the slot can free it, so a late end of
 * an older trial never frees a newer one's.
 */
final class CircuitBreaker {

  /** Where the breaker stands at a given time. */
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /**
   * The breaker's answer to one attempt: refused, admitted while closed, or admitted as the
   * half-open trial (then a fresh instance, compared by identity, that holds the slot).
   */
  static final class Admission {
    /** Admitted while closed: holds nothing. */
    static final Admission PASS = new Admission(true);
    /** Refused: open, or half-open with a trial in flight. */
    static final Admission REFUSED = new Admission(false);

    private final boolean admitted;

    private Admission(boolean admitted) {
      this.admitted = admitted;
    }

    boolean admitted() {
      return admitted;
    }
  }

  /** Why a half-open backend is passed over while its trial runs (route notes and events). */
  static final String TRIAL_IN_FLIGHT = "half-open: a trial request is in flight";

  private final int threshold;
  private final long coolDownNanos;
  private final long maxCoolDownNanos;
  private int consecutiveFailures;
  private int opens; // times opened since the last success
  private long openUntil;
  private Admission trial; // the admission holding the half-open trial slot, or null

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

  /** Whether it is half-open with the trial slot taken (so {@link #admit} would refuse). */
  synchronized boolean trialInFlight(long nowNanos) {
    return trial != null && state(nowNanos) == State.HALF_OPEN;
  }

  synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * Admits an attempt starting now: {@link Admission#PASS} while closed, a new trial admission
   * when half-open and the slot is free (the slot is then taken), else {@link Admission#REFUSED}.
   */
  synchronized Admission admit(long nowNanos) {
    switch (state(nowNanos)) {
      case CLOSED:
        return Admission.PASS;
      case HALF_OPEN:
        if (trial == null) {
          trial = new Admission(true);
          return trial;
        }
        return Admission.REFUSED;
      case OPEN:
      default:
        return Admission.REFUSED;
    }
  }

  /**
   * An attempt succeeded: closes the breaker and forgets its history. Whichever attempt it was, a
   * trial slot is freed too (a closed breaker has none; a trial still in flight ends as a plain
   * attempt).
   */
  synchronized void onSuccess() {
    consecutiveFailures = 0;
    opens = 0;
    trial = null;
  }

  /**
   * An attempt admitted by {@code how} failed in a way that counts against the backend's health:
   * opens the breaker at the threshold, re-opens it with the doubled delay when half-open, and
   * frees the trial slot if {@code how} holds it.
   */
  synchronized void onFailure(long nowNanos, Admission how) {
    release(how);
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

  /** Frees the trial slot if {@code how} holds it, without changing the state; else nothing. */
  synchronized void release(Admission how) {
    if (how != null && how == trial) {
      trial = null;
    }
  }
}
