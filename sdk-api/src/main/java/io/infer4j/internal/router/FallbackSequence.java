package io.infer4j.internal.router;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceException;
import io.infer4j.RateLimitedException;
import java.time.Duration;
import java.util.List;

/**
 * Finds the attempt that produces a routed request's first chunk: tries the plan's backends in
 * order, each at most once, until one produces it.
 *
 * <p><b>Fallback.</b> A failure before the first chunk that is {@linkplain
 * InferenceException#isRetryable() retryable} moves on to the next backend of the plan that is
 * still worth trying (see {@link UntriedBackends}: available, and still predicted to fit what is
 * left of the budget). A rate limit skips the backend until its retry time (or {@code
 * rate-limit-wait}); other failures count against it (circuit breaker, failure share; see {@link
 * RequestAttempts}). Non-retryable failures and spent budgets propagate. When no backend is left,
 * the request fails with what went wrong (see {@link #exhausted()}).
 *
 * <p>With hedging on, each attempt's wait for its first chunk is a {@link HedgedRace}, which may
 * take the next backend out of the sequence as its hedge.
 *
 * <p>Threads: the request's consumer thread only; {@link RequestAttempts#close()} from another
 * thread makes it return {@link FirstPull#CLOSED} promptly.
 */
final class FallbackSequence {

  private final RouteRequest route;
  private final HedgedRace race; // null without hedging

  FallbackSequence(RouteRequest route) {
    this.route = route;
    this.race = route.router().hedging() ? new HedgedRace(route) : null;
  }

  /**
   * The winning attempt with its first chunk (null for an empty answer), or {@link
   * FirstPull#CLOSED} when the request was closed. Every attempt that did not win has ended
   * (failed or cancelled) and is logged.
   *
   * @throws io.infer4j.InferenceException a failure another backend cannot help with, a spent
   *     budget, or what {@link #exhausted()} says when no backend is left
   */
  FirstPull firstPull() {
    RequestAttempts attempts = route.attempts();
    while (!attempts.isClosed()) {
      Plan.Entry entry = route.untried().takeNextUsable();
      if (entry == null) {
        throw exhausted();
      }
      FirstPull pulled = attempt(entry);
      if (pulled != null) {
        return pulled;
      }
      if (!attempts.isClosed()) {
        // before a fallback; before the first attempt the router's start() checked it
        route.deadline().check(false, "");
      }
    }
    return FirstPull.CLOSED;
  }

  /**
   * Tries {@code entry}: its first pull (see {@link RequestAttempts#pullFirst}), or null when its
   * breaker refused it or it failed retryably (recorded either way: fall back).
   */
  private FirstPull attempt(Plan.Entry entry) {
    CircuitBreaker.Admission admission = route.untried().admit(entry);
    if (admission == null) {
      return null; // lost a half-open trial slot (or a cool-down began) since takeNextUsable()
    }
    AttemptRun attempt = route.attempts().start(entry, admission, false);
    if (attempt == null) {
      return null; // failed to start, retryably
    }
    return race != null ? race.firstPull(attempt) : route.attempts().pullFirst(attempt);
  }

  /**
   * Why no backend is left. Without failures or unavailable backends, every one was passed over
   * for its prediction: {@link DeadlineExceededException}. Otherwise the failures' messages and
   * the skips: {@link RateLimitedException} after the shortest wait when every failure was a
   * rate limit, else a retryable {@link BackendUnavailableException} caused by the last failure.
   */
  private InferenceException exhausted() {
    List<InferenceException> failures = route.attempts().failures();
    RouteLog log = route.log();
    if (failures.isEmpty() && !route.untried().skippedUnavailable()) {
      return new DeadlineExceededException(
          "no backend left that is predicted to meet what is left of the budget ("
              + log.events() + ")");
    }
    StringBuilder sb = new StringBuilder("no candidate could serve: ");
    Duration shortestWait = null;
    boolean allRateLimited = !failures.isEmpty();
    for (int i = 0; i < failures.size(); i++) {
      InferenceException f = failures.get(i);
      sb.append(i == 0 ? "" : "; ").append(f.getMessage());
      if (f instanceof RateLimitedException) {
        Duration w = ((RateLimitedException) f).retryAfter().orElse(route.settings().rateLimitWait());
        shortestWait = shortestWait == null || w.compareTo(shortestWait) < 0 ? w : shortestWait;
      } else {
        allRateLimited = false;
      }
    }
    String sep = failures.isEmpty() ? "" : "; ";
    for (String skip : log.skips()) {
      sb.append(sep).append(skip);
      sep = "; ";
    }
    if (allRateLimited) {
      return new RateLimitedException(route.router().name(), sb.toString(), shortestWait);
    }
    InferenceException last = failures.isEmpty() ? null : failures.get(failures.size() - 1);
    return last == null
        ? new BackendUnavailableException(route.router().name(), sb.toString(), true)
        : new BackendUnavailableException(route.router().name(), sb.toString(), true, last);
  }
}
