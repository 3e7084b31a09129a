package io.infer4j.internal.router;

import io.infer4j.InferenceException;
import io.infer4j.RouteDecision;
import java.util.List;

/**
 * The router's decision before any attempt: every candidate with its prediction, the order in
 * which to try the ones it may use, and why. A plan that cannot be served carries the failure to
 * report instead of an order.
 *
 * @param candidates every routed backend, ranked: those that fit first, in policy order
 * @param order the backends to try, first choice first (fallbacks and hedges follow this order)
 * @param reason why the first choice was chosen, or why none was
 * @param withinBudget whether {@code order} holds backends predicted to fit (false when serving
 *     the fastest because none fits); fallbacks then re-check the prediction against what is left
 * @param failure what to throw without any attempt, or {@code null} when {@code order} is usable
 */
record Plan(
        List<RouteDecision.Candidate> candidates,
    List<Entry> order,
    String reason,
    boolean withinBudget,
    InferenceException failure) {

  Plan {
    candidates = List.copyOf(candidates);
    order = List.copyOf(order);
  }

  /**
   * A backend to try with its prediction.
   *
   * @param member the backend
   * @param prediction its prediction, or {@code null} when it has none yet
   */
  record Entry(Member member, Prediction prediction) {}

  /** The decision as the route command shows it: nothing attempted yet. */
  RouteDecision toDecision() {
    String chosen = order.isEmpty() || failure != null ? "" : order.get(0).member().name();
    String why = failure == null ? reason : failure.getMessage();
    return new RouteDecision(candidates, chosen, why, List.of());
  }
}
