package io.infer4j.internal.router;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The backends of a plan that one routed request has not tried yet, in plan order, and whether
 * each is worth trying now. A backend is <em>unavailable</em> while its breaker is open (cooling
 * down) or half-open with a trial in flight, or while a rate limit asks to skip it; when the plan
 * holds backends predicted to fit, one whose prediction no longer fits what is left of the budget
 * is not worth trying either. Each backend is taken at most once: taken to be tried, or passed
 * over as a skip (recorded in the {@link RouteLog}).
 *
 * <p>Threads: the request's consumer thread only.
 */
final class UntriedBackends {

  private final RouteRequest route;
  private final Deque<Plan.Entry> untried;
  private final boolean withinBudget;
  private boolean skippedUnavailable;

  UntriedBackends(RouteRequest route, Plan plan) {
    this.route = route;
    this.untried = new ArrayDeque<>(plan.order());
    this.withinBudget = plan.withinBudget();
  }

  /**
   * Takes the next backend worth trying, passing over (and recording as skipped) those before it
   * that are not; null when none is left.
   */
  Plan.Entry takeNextUsable() {
    while (!untried.isEmpty()) {
      Plan.Entry e = untried.poll();
      String skip = unavailableReason(e.member());
      if (skip != null) {
        skippedUnavailable = true;
      } else {
        skip = budgetReason(e);
      }
      if (skip == null) {
        return e;
      }
      route.log().skipped(e.member().name(), skip);
    }
    return null;
  }

  /** The first backend still untried and worth trying now, left untried; null when none. */
  Plan.Entry peekUsable() {
    for (Plan.Entry e : untried) {
      if (skipReason(e) == null) {
        return e;
      }
    }
    return null;
  }

  /** Whether {@code e} is still untried and worth trying now. */
  boolean isUsable(Plan.Entry e) {
    return untried.contains(e) && skipReason(e) == null;
  }

  /** Takes {@code e} out, to be tried now (as a hedge); nothing is recorded. */
  void take(Plan.Entry e) {
    untried.remove(e);
  }

  /**
   * Asks the backend's breaker to admit an attempt now (taking the half-open trial slot if it is
   * free); null when refused, which is recorded as a skip. The caller must hand a non-null
   * admission to {@link RequestAttempts#start} or {@linkplain CircuitBreaker#release release} it.
   */
  CircuitBreaker.Admission admit(Plan.Entry entry) {
    Member m = entry.member();
    long now = route.now();
    CircuitBreaker.Admission admission = m.breaker().admit(now);
    if (admission.admitted()) {
      return admission;
    }
    skippedUnavailable = true;
    route.log().skipped(m.name(), refusal(m, now));
    return null;
  }

  /**
   * Whether a backend was passed over as unavailable (cooling down, rate limited or busy with a
   * trial), rather than only for its prediction.
   */
  boolean skippedUnavailable() {
    return skippedUnavailable;
  }

  /** Why the breaker refused an attempt at {@code nowNanos}. */
  static String refusal(Member m, long nowNanos) {
    return m.breaker().openRemainingNanos(nowNanos) > 0 ? "cooling down" : CircuitBreaker.TRIAL_IN_FLIGHT;
  }

  private String skipReason(Plan.Entry e) {
    String unavailable = unavailableReason(e.member());
    return unavailable != null ? unavailable : budgetReason(e);
  }

  /** Why the backend cannot take an attempt now (breaker or rate limit), or null. */
  private String unavailableReason(Member m) {
    long now = route.now();
    if (m.breaker().openRemainingNanos(now) > 0) {
      return "cooling down";
    }
    if (m.breaker().trialInFlight(now)) {
      return CircuitBreaker.TRIAL_IN_FLIGHT;
    }
    if (m.rateLimitRemainingNanos(now) > 0) {
      return "rate limited";
    }
    return null;
  }

  /** Why the backend's prediction no longer fits what is left of the budget, or null. */
  private String budgetReason(Plan.Entry e) {
    Prediction p = e.prediction();
    if (withinBudget && p != null) {
      long ttftLeft = route.deadline().firstTokenRemainingNanos();
      long totalLeft = route.deadline().remainingNanos();
      if (p.ttftNanos() > ttftLeft || p.totalNanos() > totalLeft) {
        return "predicted ttft " + Planner.ms(p.ttftNanos()) + " / total " + Planner.ms(p.totalNanos())
            + " no longer fits what is left";
      }
    }
    return null;
  }
}
