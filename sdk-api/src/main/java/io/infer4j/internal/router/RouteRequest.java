package io.infer4j.internal.router;

import io.infer4j.InferenceRequest;
import io.infer4j.spi.AttemptObserver;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.PromptTokens;
import java.util.Objects;

/**
 * One routed request's state, in one place: the router serving it, the request, its deadline (and
 * the clock it runs on), who hears of its attempts, what it did so far ({@link RouteLog}), the
 * backends it has not tried ({@link UntriedBackends}) and its attempts ({@link RequestAttempts}).
 * The parts that serve the request ({@link FallbackSequence}, {@link HedgedRace}) are given this
 * and keep nothing of it again.
 *
 * <p>Threads: the fixed parts may be read from any thread; the trackers say which threads may use
 * them.
 */
final class RouteRequest {

  private final RouterBackend router;
  private final InferenceRequest request;
  private final Deadline deadline;
  private final int promptTokens; // estimated once; what the router learns is per prompt token
  private final AttemptObserver observer;
  private final RouteLog log;
  private final UntriedBackends untried;
  private final RequestAttempts attempts;

  RouteRequest(RouterBackend router, InferenceRequest request, Deadline deadline, Plan plan,
      AttemptObserver observer) {
    this.router = Objects.requireNonNull(router, "router");
    this.request = Objects.requireNonNull(request, "request");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.promptTokens = PromptTokens.estimate(request);
    this.observer = Objects.requireNonNull(observer, "observer");
    this.log = new RouteLog(plan);
    // last: the trackers keep this request and read the fields above
    this.untried = new UntriedBackends(this, plan);
    this.attempts = new RequestAttempts(this);
  }

  RouterBackend router() {
    return router;
  }

  RouterSettings settings() {
    return router.settings();
  }

  InferenceRequest request() {
    return request;
  }

  /** The request's budget on the router's monotonic clock. */
  Deadline deadline() {
    return deadline;
  }

  /** Now on the deadline's clock, in nanoseconds. */
  long now() {
    return deadline.nanoClock().getAsLong();
  }

  int promptTokens() {
    return promptTokens;
  }

  AttemptObserver observer() {
    return observer;
  }

  RouteLog log() {
    return log;
  }

  UntriedBackends untried() {
    return untried;
  }

  RequestAttempts attempts() {
    return attempts;
  }
}
