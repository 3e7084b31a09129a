package io.infer4j.internal.router;

import io.infer4j.RouteDecision;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Generation;

/**
 * One attempt of a routed request on one backend: its generation, when it started, its first
 * token and how it ended. The outcome is set once (the first of success, failure or
 * cancellation wins), and the call that sets it settles the attempt with the backend's circuit
 * breaker: a success closes it, a failure that counts against health goes to it, and every other
 * end frees the half-open trial slot if this attempt holds it, so no slot outlives its attempt.
 * Thread-safe.
 */
final class AttemptRun {

  private final Plan.Entry entry;
  private final boolean hedge;
  private final long startNanos;
  private final Generation generation; // null when start() itself failed
  private final CircuitBreaker.Admission admission; // how the breaker let it start
  private final io.infer4j.spi.AttemptObserver observer; // told once, when the outcome is set
  private final io.infer4j.InferenceListener.Attempt reported;
  private RouteDecision.Outcome outcome;
  private long endNanos;
  private String error = "";
  private long firstTokenNanos = -1;
  private int tokens;

  AttemptRun(
      Plan.Entry entry,
      boolean hedge,
      long startNanos,
      Generation generation,
      CircuitBreaker.Admission admission,
      io.infer4j.spi.AttemptObserver observer,
      io.infer4j.InferenceListener.Attempt reported) {
    this.observer = observer;
    this.reported = reported;
    this.entry = entry;
    this.hedge = hedge;
    this.startNanos = startNanos;
    this.generation = generation;
    this.admission = admission;
  }

  Plan.Entry entry() {
    return entry;
  }

  Member member() {
    return entry.member();
  }

  String name() {
    return entry.member().name();
  }

  boolean isHedge() {
    return hedge;
  }

  long startNanos() {
    return startNanos;
  }

  Generation generation() {
    return generation;
  }

  synchronized void firstToken(long nowNanos) {
    firstTokenNanos = nowNanos;
  }

  synchronized long firstTokenNanos() {
    return firstTokenNanos;
  }

  /** Counts a delivered chunk: its tokens, or one when the backend could not tell. */
  synchronized void delivered(TokenChunk chunk) {
    tokens += Math.max(1, chunk.tokens());
  }

  synchronized int tokens() {
    return tokens;
  }

  /**
   * Ends the attempt as succeeded and closes its backend's breaker; false (and nothing done) when
   * it had already ended.
   */
  boolean succeed(long nowNanos) {
    if (!finish(RouteDecision.Outcome.SUCCEEDED, nowNanos, "", null)) {
      return false;
    }
    member().breaker().onSuccess();
    return true;
  }

  /**
   * Closes the generation (always, as {@link #cancel} does), then ends the attempt as failed;
   * false (and nothing more done) when it had already ended. A failure that {@code
   * countsAgainstHealth} goes to the breaker (which may open or re-open); any other (rate limit,
   * spent budget) only frees the trial slot this attempt may hold. The generation is closed before
   * the slot is freed, so the backend's next trial never overlaps a failed one.
   */
  boolean fail(long nowNanos, io.infer4j.InferenceException failure, boolean countsAgainstHealth) {
    if (generation != null) {
      generation.close();
    }
    if (!finish(RouteDecision.Outcome.FAILED, nowNanos, failure.getMessage(), failure)) {
      return false;
    }
    if (countsAgainstHealth) {
      member().breaker().onFailure(nowNanos, admission);
    } else {
      member().breaker().release(admission);
    }
    return true;
  }

  /**
   * Ends the attempt as cut short by the request's deadline, which the backend noticed first (its
   * own timer and the router's fire together): cancelled, as if the router had stopped it, with
   * the backend's message kept; the breaker's state does not change.
   */
  void endByDeadline(long nowNanos, String message) {
    if (generation != null) {
      generation.close();
    }
    finish(RouteDecision.Outcome.CANCELLED, nowNanos, message, null);
    member().breaker().release(admission);
  }

  /**
   * Sets the outcome unless one is set, and tells the observer (outside the lock); returns whether
   * this call set it.
   */
  private boolean finish(RouteDecision.Outcome how, long nowNanos, String message,
      io.infer4j.InferenceException failure) {
    synchronized (this) {
      if (outcome != null) {
        return false;
      }
      outcome = how;
      endNanos = nowNanos;
      error = message == null ? "" : message;
    }
    observer.ended(reported, how, java.time.Duration.ofNanos(Math.max(0, nowNanos - startNanos)), failure);
    return true;
  }

  /**
   * Marks the attempt cancelled unless it had ended, frees the trial slot it may hold without
   * changing the breaker's state, and closes its generation (always: freeing and closing are
   * idempotent and release what an ended one still holds).
   */
  void cancel(long nowNanos) {
    finish(RouteDecision.Outcome.CANCELLED, nowNanos, "", null);
    member().breaker().release(admission);
    if (generation != null) {
      generation.close();
    }
  }

  synchronized RouteDecision.Attempt toAttempt(long nowNanos) {
    RouteDecision.Outcome how = outcome == null ? RouteDecision.Outcome.CANCELLED : outcome;
    long end = outcome == null ? nowNanos : endNanos;
    return new RouteDecision.Attempt(
        name(), how, java.time.Duration.ofNanos(Math.max(0, end - startNanos)), error, hedge);
  }
}
