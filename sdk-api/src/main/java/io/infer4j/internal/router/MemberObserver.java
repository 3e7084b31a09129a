package io.infer4j.internal.router;

import io.infer4j.InferenceException;
import io.infer4j.InferenceListener;
import io.infer4j.RouteDecision;
import io.infer4j.spi.AttemptObserver;
import java.time.Duration;

/**
 * What the router gives a member with each attempt: the request's own observer, to which the
 * member reports its attempts (a remote backend's retries), and the router's say on waits a
 * server asks for ({@link #mayWaitFor}). A member that has been asked to wait (a 429 with {@code
 * Retry-After}) should not sit out that wait while the router has another member to try: it
 * fails at once, and the router skips it until the time the server named and falls back. With no
 * other member left (or for a hedge, whose primary is still running: never), the member may wait,
 * as far as the request's own observer allows (a router behind a router asks its caller too).
 * Immutable; thread-safe as its delegate is.
 */
final class MemberObserver implements AttemptObserver {
  private final AttemptObserver request;
  private final boolean mayWait;

  /**
   * @param request the request's observer
   * @param mayWait whether the attempt may wait for a server: no other member is left to try
   */
  MemberObserver(AttemptObserver request, boolean mayWait) {
    this.request = request;
    this.mayWait = mayWait;
  }

  @Override
  public void started(InferenceListener.Attempt attempt) {
    request.started(attempt);
  }

  @Override
  public void ended(InferenceListener.Attempt attempt, RouteDecision.Outcome outcome,
      Duration elapsed, InferenceException failure) {
    request.ended(attempt, outcome, elapsed, failure);
  }

  @Override
  public boolean isActive() {
    return request.isActive();
  }

  @Override
  public boolean mayWaitFor(Duration wait) {
    return mayWait && request.mayWaitFor(wait);
  }
}
