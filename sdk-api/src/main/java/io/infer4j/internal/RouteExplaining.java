package io.infer4j.internal;

import io.infer4j.InferenceException;
import io.infer4j.RouteDecision;

/**
 * A {@link io.infer4j.spi.Generation} that can say how it was routed so far (the router's). The
 * client's stream asks it when the request fails, so every failure of a routed request reaches the
 * caller with the decision ({@link InferenceException#route()}), whichever layer noticed it: a
 * backend's error, the deadline watch, a stream broken midway. Not API.
 */
public interface RouteExplaining {

  /**
   * The decision so far: candidates, the backend serving or first chosen, and every attempt, those
   * still running reported as cancelled now. Callable from any thread, before or after close.
   */
  RouteDecision decisionSoFar();

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
