package io.infer4j.internal.router;

import io.infer4j.RouteDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one routed request did, for its {@link RouteDecision}: every attempt in the order it
 * started (hedges and attempts that failed to start included), and the events that explain the
 * route taken (skips, failures, hedges, lost races), which the decision appends to the plan's
 * reason.
 *
 * <p>Threads: attempts and events are added by the request's consumer thread; {@link #attempts()}
 * and {@link #decision} may be read from any thread ({@code close()} cancels the attempts, a
 * stream closed midway reports the decision so far).
 */
final class RouteLog {

  private final Plan plan;
  private final List<AttemptRun> attempts = new CopyOnWriteArrayList<>();
  private final List<String> events = new ArrayList<>(); // guarded by itself
  private final List<String> skips = new ArrayList<>(); // the skip events; guarded by events

  RouteLog(Plan plan) {
    this.plan = plan;
  }

  /** Records an attempt as it starts (or fails to). */
  void started(AttemptRun attempt) {
    attempts.add(attempt);
  }

  /** The attempts so far, first started first; a snapshot safe to iterate from any thread. */
  List<AttemptRun> attempts() {
    return attempts;
  }

  /** Records what happened, in words, for the decision's reason. */
  void event(String what) {
    synchronized (events) {
      events.add(what);
    }
  }

  /** Records that {@code backend} was passed over, and why; such events also explain exhaustion. */
  void skipped(String backend, String why) {
    String what = backend + " skipped: " + why;
    synchronized (events) {
      events.add(what);
      skips.add(what);
    }
  }

  /** The events so far joined with "; " (empty when none). */
  String events() {
    synchronized (events) {
      return String.join("; ", events);
    }
  }

  /** The skip events so far, oldest first. */
  List<String> skips() {
    synchronized (events) {
      return List.copyOf(skips);
    }
  }

  /**
   * The decision so far: the plan's candidates, the backend serving (or, before any has, the
   * plan's first choice), the plan's reason followed by the events, and the attempts, those
   * still running reported as cancelled at {@code nowNanos}.
   *
   * @param winner the attempt that produced the first chunk, or null before one has
   */
  RouteDecision decision(AttemptRun winner, long nowNanos) {
    List<RouteDecision.Attempt> made = new ArrayList<>(attempts.size());
    for (AttemptRun a : attempts) {
      made.add(a.toAttempt(nowNanos));
    }
    String reason;
    synchronized (events) {
      reason = events.isEmpty() ? plan.reason() : plan.reason() + "; then " + String.join("; ", events);
    }
    String chosen = winner != null ? winner.name() : plan.toDecision().chosen();
    return new RouteDecision(plan.candidates(), chosen, reason, made);
  }
}
