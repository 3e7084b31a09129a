package io.infer4j.internal;

import io.infer4j.InferenceException;
import io.infer4j.RouteDecision;
import java.util.Optional;

/**
 * A {@link io.infer4j.spi.Generation} that can say how it was routed so far (the router's). The
 * client's stream asks it for the response's {@linkplain io.infer4j.InferenceResponse#route()
 * route} and {@linkplain io.infer4j.InferenceResponse#backend() backend}, and when the request
 * fails, so every failure of a routed request reaches the caller with the decision ({@link
 * InferenceException#route()}), whichever layer noticed it: a backend's error, the deadline watch,
 * a stream broken midway. A generation without it was served directly. This keeps routing out of
 * the SPI's {@link io.infer4j.spi.GenerationResult}, which every backend fills in: the router and
 * the stream, both in this module, are the only ones to know of it. Not API.
 */
public interface RouteExplaining {

  /**
   * The decision so far: candidates, the backend serving or first chosen, and every attempt, those
   * still running reported as cancelled now. Callable from any thread, before or after close.
   */
  RouteDecision decisionSoFar();

  /**
   * The configured instance that serves the answer (the one that produced the first token); empty
   * before one has, when the response names the routing backend itself. Callable from any thread.
   */
  Optional<String> servedBy();

  /** {@code generation}'s routing, or empty when it was served directly. */
  static Optional<RouteExplaining> of(Object generation) {
    return generation instanceof RouteExplaining r ? Optional.of(r) : Optional.empty();
  }

  /**
   * {@code e} carrying the decision of {@code generation} when it has one and {@code e} has none
   * yet; otherwise {@code e} itself.
   */
  static InferenceException explain(Object generation, InferenceException e) {
    if (e.route().isPresent() || !(generation instanceof RouteExplaining)) {
      return e;
    }
    try {
      return e.withRoute(((RouteExplaining) generation).decisionSoFar());
    } catch (RuntimeException bug) {
      return e; // the failure matters more than its explanation
    }
  }
}
