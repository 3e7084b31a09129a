package io.infer4j.spi;

import io.infer4j.InferenceException;
import io.infer4j.InferenceListener;
import io.infer4j.RouteDecision;
import java.time.Duration;

/**
 * Where a backend reports the attempts it makes for one request: the router its first choice,
 * fallbacks and hedges, a remote backend its retries. Given to {@link Backend#start(
 * io.infer4j.InferenceRequest, Deadline, AttemptObserver)}; the SDK turns the reports into
 * {@link InferenceListener} events. Thread-safe; calls are cheap and never throw.
 */
public interface AttemptObserver {

  /** Observes nothing (a client without listeners). */
  AttemptObserver NONE = new AttemptObserver() {
    @Override
    public void started(InferenceListener.Attempt attempt) {}

    @Override
    public void ended(InferenceListener.Attempt attempt, RouteDecision.Outcome outcome,
        Duration elapsed, InferenceException failure) {}

    @Override
    public boolean isActive() {
      return false;
    }
  };

  /**
   * An attempt starts.
   *
   * @param attempt which backend serves it, why, and its position among the request's attempts
   */
  void started(InferenceListener.Attempt attempt);

  /**
   * An attempt ended.
   *
   * @param attempt the attempt, as {@link #started} received it
   * @param outcome how it ended
   * @param elapsed from the start of the attempt to its end
   * @param failure why it failed, or {@code null} when it succeeded or was cancelled
   */
  void ended(InferenceListener.Attempt attempt, RouteDecision.Outcome outcome, Duration elapsed,
      InferenceException failure);

  /** {@return whether anyone listens (a backend may skip building reports when not)} */
  default boolean isActive() {
    return true;
  }

  /**
   * Whether the backend may wait {@code wait} before its next attempt because a server asked it
   * to (a 429's or 503's {@code Retry-After}), where the request's budget and the backend's own
   * limits allow that wait. False where whoever started the request has somewhere else to send it
   * (the router, with another member left to try): the backend then fails at once with the
   * server's error, which says how long to wait ({@link io.infer4j.RateLimitedException#retryAfter()}).
   * Waits of the backend's own choosing (backoff after a failure that named no time) are not
   * asked about. This default, and {@link #NONE}: true.
   *
   * @param wait the time the server asked for, not negative
   * @return whether to wait it out and retry
   */
  default boolean mayWaitFor(Duration wait) {
    return true;
  }
}
