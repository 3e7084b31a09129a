package io.infer4j.internal.router;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.RateLimitedException;
import io.infer4j.RouteDecision;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A routed request: tries the plan's backends in order until one produces its first chunk, then
 * streams that one.
 *
 * <p><b>Fallback.</b> A failure before the first chunk that is {@linkplain
 * InferenceException#isRetryable() retryable} moves on to the next backend of the plan that is
 * still predicted to fit what is left of the budget; each backend is tried at most once. A rate
 * limit skips the backend until its retry time (or {@code rate-limit-wait}); other failures count
 * against it (circuit breaker, failure share). Non-retryable failures and spent budgets propagate.
 *
 * <p><b>Circuit breaker.</b> Every attempt, hedges included, starts only when its backend's
 * {@link CircuitBreaker} admits it; a half-open backend admits one trial attempt at a time, and
 * other requests skip it meanwhile. Each attempt settles with its breaker exactly once, when its
 * outcome is set (see {@link AttemptRun}): success, failure, or cancellation (a lost hedge race,
 * {@link #close()}, a spent budget), so a trial slot never outlives its attempt.
 *
 * <p><b>Hedging</b> (opt-in). With a next candidate available, the first chunk of the current
 * attempt is pulled on a router thread while this thread waits until the hedge point: the
 * attempt's own predicted time to first token (its confidence quantile), but no later than the
 * first-token budget left minus the hedge candidate's predicted time to first token. If no chunk
 * has come by then and the {@link HedgeBudget} allows, the next candidate starts too; the first
 * chunk wins and the other attempt is closed. Without a first-token or total budget the hedge point
 * is the primary's own quantile; without a prediction it is half the first-token budget left; with
 * neither there is no hedge.
 *
 * <p><b>Threads.</b> {@link #next()} is called by one consumer thread; {@link #close()} may come
 * from any thread and closes every attempt in flight, which makes pending pulls return promptly.
 * Hedged first-chunk pulls use at most one router thread per attempt, each ending when its
 * attempt yields its first chunk, fails or is closed.
 */
final class RoutedGeneration implements Generation {

  private static final FirstPull CLOSED = new FirstPull(null, null, null);

  private final RouterBackend router;
  private final InferenceRequest request;
  private final Deadline deadline;
  private final Plan plan;
  private final LongSupplier clock;
  private final int promptTokens;
  private final Deque<Plan.Entry> pending;
  private final List<AttemptRun> attempts = new CopyOnWriteArrayList<>();
  private final List<InferenceException> failures = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private volatile boolean closed;
  private boolean skippedUnavailable; // a backend was skipped as cooling down, rate limited or busy
  private AttemptRun winner;
  private boolean finished;

  RoutedGeneration(RouterBackend router, InferenceRequest request, Deadline deadline, Plan plan) {
    this.router = router;
    this.request = request;
    this.deadline = deadline;
    this.plan = plan;
    this.clock = deadline.nanoClock();
    this.promptTokens = PromptSize.tokens(request);
    this.pending = new ArrayDeque<>(plan.order());
  }

  @Override
  public TokenChunk next() {
    if (closed || finished) {
      return null;
    }
    if (winner == null) {
      FirstPull first = acquireFirst();
      if (first == CLOSED) {
        return null;
      }
      winner = first.attempt();
      return deliver(first.chunk());
    }
    TokenChunk chunk;
    try {
      chunk = winner.generation().next();
    } catch (InferenceException e) {
      failMidStream(e);
      throw e;
    } catch (RuntimeException e) {
      BackendUnavailableException wrapped = new BackendUnavailableException(
          winner.name(), "generation failed: " + e, false, e);
      failMidStream(wrapped);
      throw wrapped;
    }
    return deliver(chunk);
  }

  private TokenChunk deliver(TokenChunk chunk) {
    if (chunk == null) {
      if (closed) {
        return null;
      }
      complete();
      return null;
    }
    winner.delivered(chunk);
    return chunk;
  }

  /** The winner ended normally: learn its per-token time and close its breaker. */
  private void complete() {
    finished = true;
    long now = clock.getAsLong();
    Member m = winner.member();
    int tokens = winner.tokens();
    long first = winner.firstTokenNanos();
    if (tokens > 1 && first >= 0) {
      m.stats().recordPerToken((now - first) / (tokens - 1), now);
    }
    m.stats().recordSuccess(now);
    winner.succeed(now);
  }

  private void failMidStream(InferenceException e) {
    finished = true;
    long now = clock.getAsLong();
    winner.generation().close(); // as in onFailure: closed before its trial slot is freed
    settleFailure(winner, e, now);
  }

  @Override
  public GenerationResult result() {
    if (winner == null) {
      throw new IllegalStateException("result() before the generation ended");
    }
    GenerationResult r = winner.generation().result();
    return r.withRoute(decision(), winner.name());
  }

  /** The decision so far and the instance that was serving, for a stream closed midway. */
  @Override
  public java.util.Optional<GenerationResult> cancelled() {
    String model = request.requestedModel().orElse("");
    return java.util.Optional.of(GenerationResult.of(io.infer4j.FinishReason.CANCELLED, model)
        .withRoute(decision(), winner != null ? winner.name() : null));
  }

  /** The decision so far: the plan, the attempts made and what happened. */
  RouteDecision decision() {
    long now = clock.getAsLong();
    List<RouteDecision.Attempt> made = new ArrayList<>(attempts.size());
    for (AttemptRun a : attempts) {
      made.add(a.toAttempt(now));
    }
    String reason;
    synchronized (events) {
      reason = events.isEmpty() ? plan.reason() : plan.reason() + "; then " + String.join("; ", events);
    }
    String chosen = winner != null ? winner.name() : plan.toDecision().chosen();
    return new RouteDecision(plan.candidates(), chosen, reason, made);
  }

  @Override
  public void close() {
    closed = true;
    long now = clock.getAsLong();
    for (AttemptRun a : attempts) {
      a.cancel(now);
    }
  }

  // ---- before the first chunk -------------------------------------------------------------

  /** The winning attempt with its first chunk, or {@link #CLOSED}. */
  private FirstPull acquireFirst() {
    while (true) {
      if (closed) {
        return CLOSED;
      }
      deadline.check(false, "");
      Plan.Entry entry = nextUsable();
      if (entry == null) {
        throw exhausted();
      }
      CircuitBreaker.Admission admission = admit(entry);
      if (admission == null) {
        continue; // lost a half-open trial slot (or a cool-down began) since nextUsable()
      }
      AttemptRun attempt = start(entry, admission, false);
      if (attempt == null) {
        continue; // failed to start, retryably: fall back
      }
      FirstPull pulled = router.hedging() ? race(attempt) : pullDirect(attempt);
      if (pulled != null) {
        return pulled;
      }
    }
  }

  /** The next backend of the plan still worth trying, or null. */
  private Plan.Entry nextUsable() {
    while (!pending.isEmpty()) {
      Plan.Entry e = pending.poll();
      String skip = unavailableReason(e.member());
      if (skip != null) {
        skippedUnavailable = true;
      } else {
        skip = budgetReason(e);
      }
      if (skip == null) {
        return e;
      }
      event(e.member().name() + " skipped: " + skip);
    }
    return null;
  }

  private Plan.Entry peekUsable() {
    for (Plan.Entry e : pending) {
      if (skipReason(e) == null) {
        return e;
      }
    }
    return null;
  }

  private String skipReason(Plan.Entry e) {
    String unavailable = unavailableReason(e.member());
    return unavailable != null ? unavailable : budgetReason(e);
  }

  /** Why the backend cannot take an attempt now (breaker or rate limit), or null. */
  private String unavailableReason(Member m) {
    long now = clock.getAsLong();
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
    if (plan.withinBudget() && p != null) {
      long ttftLeft = deadline.firstTokenRemainingNanos();
      long totalLeft = deadline.remainingNanos();
      if (p.ttftNanos() > ttftLeft || p.totalNanos() > totalLeft) {
        return "predicted ttft " + Planner.ms(p.ttftNanos()) + " / total " + Planner.ms(p.totalNanos())
            + " no longer fits what is left";
      }
    }
    return null;
  }

  /**
   * Asks the backend's breaker to admit an attempt now (taking the half-open trial slot if it is
   * free); null when refused, which counts as a skip. The caller must hand a non-null admission to
   * {@link #start} or {@linkplain CircuitBreaker#release release} it.
   */
  private CircuitBreaker.Admission admit(Plan.Entry entry) {
    Member m = entry.member();
    long now = clock.getAsLong();
    CircuitBreaker.Admission admission = m.breaker().admit(now);
    if (admission.admitted()) {
      return admission;
    }
    skippedUnavailable = true;
    event(m.name() + " skipped: " + refusal(m, now));
    return null;
  }

  /** Why the breaker refused an attempt at {@code now}. */
  private static String refusal(Member m, long now) {
    return m.breaker().openRemainingNanos(now) > 0 ? "cooling down" : CircuitBreaker.TRIAL_IN_FLIGHT;
  }

  /**
   * Starts an attempt the breaker admitted; null when it failed to start (already recorded). The
   * attempt owns {@code admission} from here on, and frees it however it ends; when
   * {@code start()} itself fails, that failure settles it. A primary's failure to start is thrown
   * when no other backend can help; a hedge's never is, since the primary it hedges is still
   * running.
   */
  private AttemptRun start(Plan.Entry entry, CircuitBreaker.Admission admission, boolean hedge) {
    Member m = entry.member();
    long now = clock.getAsLong();
    Generation g;
    try {
      g = m.backend().start(request, deadline);
      if (g == null) {
        throw new BackendUnavailableException(m.name(), "backend returned no generation", false);
      }
    } catch (InferenceException e) {
      AttemptRun failed = new AttemptRun(entry, hedge, now, null, admission);
      attempts.add(failed);
      onFailure(failed, e, !hedge);
      return null;
    } catch (RuntimeException e) {
      AttemptRun failed = new AttemptRun(entry, hedge, now, null, admission);
      attempts.add(failed);
      onFailure(failed, new BackendUnavailableException(m.name(), "failed to start: " + e, false, e), !hedge);
      return null;
    } catch (Error e) {
      m.breaker().release(admission); // no attempt to settle it: free the slot, change nothing
      throw e;
    }
    AttemptRun a = new AttemptRun(entry, hedge, now, g, admission);
    attempts.add(a);
    if (closed) {
      a.cancel(clock.getAsLong()); // close() ran while this attempt was starting
    }
    return a;
  }

  /**
   * Records a failure before the first chunk; throws it when another backend cannot help (not
   * retryable) or the budget is spent.
   */
  private void onFailure(AttemptRun a, InferenceException e) {
    onFailure(a, e, true);
  }

  /** As {@link #onFailure(AttemptRun, InferenceException)}; never throws unless {@code mayThrow}. */
  private void onFailure(AttemptRun a, InferenceException e, boolean mayThrow) {
    long now = clock.getAsLong();
    if (a.generation() != null) {
      a.generation().close(); // before its trial slot is freed: one trial at a time means closed
    }
    settleFailure(a, e, now);
    failures.add(e);
    event(a.name() + " failed" + (e.isRetryable() ? " (retryable)" : ""));
    if (mayThrow && (!e.isRetryable() || deadline.isExpired())) {
      throw e;
    }
  }

  /**
   * Ends a failed attempt (unless it had ended) and learns from it: a rate limit skips the backend
   * until its retry time (set before the attempt frees its trial slot, so no other request slips
   * in), a spent budget says nothing about the backend, any other failure counts against its
   * health (failure share and breaker).
   */
  private void settleFailure(AttemptRun a, InferenceException e, long now) {
    Member m = a.member();
    boolean rateLimited = e instanceof RateLimitedException;
    boolean unhealthy = !rateLimited && !(e instanceof DeadlineExceededException);
    if (rateLimited) {
      Duration wait = ((RateLimitedException) e).retryAfter().orElse(router.settings().rateLimitWait());
      m.rateLimitedUntil(now + wait.toNanos());
    }
    if (a.fail(now, e.getMessage(), unhealthy) && unhealthy) {
      m.stats().recordFailure(now);
    }
  }

  private InferenceException exhausted() {
    if (failures.isEmpty() && !skippedUnavailable) {
      return new DeadlineExceededException(
          "no backend left that is predicted to meet what is left of the budget ("
              + String.join("; ", events) + ")");
    }
    StringBuilder sb = new StringBuilder("no candidate could serve: ");
    Duration shortestWait = null;
    boolean allRateLimited = !failures.isEmpty();
    for (int i = 0; i < failures.size(); i++) {
      InferenceException f = failures.get(i);
      sb.append(i == 0 ? "" : "; ").append(f.getMessage());
      if (f instanceof RateLimitedException) {
        Duration w = ((RateLimitedException) f).retryAfter().orElse(router.settings().rateLimitWait());
        shortestWait = shortestWait == null || w.compareTo(shortestWait) < 0 ? w : shortestWait;
      } else {
        allRateLimited = false;
      }
    }
    synchronized (events) {
      String sep = failures.isEmpty() ? "" : "; ";
      for (String e : events) {
        if (e.contains(" skipped: ")) {
          sb.append(sep).append(e);
          sep = "; ";
        }
      }
    }
    if (allRateLimited) {
      return new RateLimitedException(router.name(), sb.toString(), shortestWait);
    }
    InferenceException last = failures.isEmpty() ? null : failures.get(failures.size() - 1);
    return last == null
        ? new BackendUnavailableException(router.name(), sb.toString(), true)
        : new BackendUnavailableException(router.name(), sb.toString(), true, last);
  }

  /** Pulls the first chunk on this thread; null when the attempt failed retryably. */
  private FirstPull pullDirect(AttemptRun a) {
    TokenChunk chunk;
    try {
      chunk = firstVisible(a.generation());
    } catch (InferenceException e) {
      if (closed) {
        return CLOSED;
      }
      onFailure(a, e);
      return null;
    } catch (RuntimeException e) {
      if (closed) {
        return CLOSED;
      }
      onFailure(a, new BackendUnavailableException(a.name(), "generation failed: " + e, false, e));
      return null;
    }
    if (closed) {
      return CLOSED;
    }
    firstChunk(a);
    return new FirstPull(a, chunk, null);
  }

  /**
   * The first chunk with visible text (role or special-token chunks carry none), with the tokens
   * of the chunks skipped on the way folded into it; null at the end. The time to first token is
   * that of the first visible token, as in {@link io.infer4j.Timing}.
   */
  private static TokenChunk firstVisible(Generation g) {
    int skippedTokens = 0;
    while (true) {
      TokenChunk c = g.next();
      if (c == null) {
        return null;
      }
      if (!c.text().isEmpty()) {
        return skippedTokens == 0 ? c : new TokenChunk(c.index(), c.text(), c.tokens() + skippedTokens);
      }
      skippedTokens += c.tokens();
    }
  }

  /** Learns the time to first token of the attempt that produced it. */
  private void firstChunk(AttemptRun a) {
    long now = clock.getAsLong();
    a.firstToken(now);
    a.member().stats().recordFirstToken(now - a.startNanos(), promptTokens, now);
  }

  /**
   * Waits for the first chunk of {@code primary}, hedging with the next candidate at the hedge
   * point; null when every attempt of the race failed retryably.
   */
  private FirstPull race(AttemptRun primary) {
    Plan.Entry hedgeEntry = peekUsable();
    long delay = hedgeEntry == null ? Long.MAX_VALUE : hedgeDelay(primary.entry(), hedgeEntry);
    Executor pullers = router.pullers();
    if (delay == Long.MAX_VALUE || pullers == null) {
      return pullDirect(primary);
    }
    BlockingQueue<FirstPull> arrived = new LinkedBlockingQueue<>();
    if (!submit(pullers, primary, arrived)) {
      return pullDirect(primary);
    }
    long hedgeAt = primary.startNanos() + delay;
    List<AttemptRun> running = new ArrayList<>(2);
    running.add(primary);
    boolean hedgeDecided = false;
    try {
      while (true) {
        long now = clock.getAsLong();
        long wait = deadline.firstTokenRemainingNanos();
        if (!hedgeDecided) {
          wait = Math.min(wait, Math.max(0, hedgeAt - now));
        }
        FirstPull p = wait == Long.MAX_VALUE
            ? arrived.take()
            : arrived.poll(wait, TimeUnit.NANOSECONDS);
        if (closed) {
          cancelAll(running);
          return CLOSED;
        }
        if (p == null) {
          if (!hedgeDecided && clock.getAsLong() - hedgeAt >= 0) {
            hedgeDecided = true;
            startHedge(hedgeEntry, primary, pullers, arrived, running);
          } else if (deadline.firstTokenRemainingNanos() == 0) {
            cancelAll(running);
            deadline.check(false, "");
          }
          continue;
        }
        running.remove(p.attempt());
        if (p.failure() != null) {
          // while another attempt runs, even a non-retryable failure only ends this one
          onFailure(p.attempt(), p.failure(), running.isEmpty());
          if (running.isEmpty()) {
            return null;
          }
          continue;
        }
        firstChunk(p.attempt());
        for (AttemptRun loser : running) {
          if (p.attempt().isHedge() && loser == primary) {
            // the primary is at least this slow: learn it (a lower bound), so it does not keep
            // looking fast while hedges rescue it
            long t = clock.getAsLong();
            loser.member().stats().recordFirstToken(t - loser.startNanos(), promptTokens, t);
          }
          loser.cancel(clock.getAsLong());
          event(p.attempt().name() + " produced the first token first; " + loser.name() + " cancelled");
        }
        return p;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelAll(running);
      throw new BackendUnavailableException(
          router.name(), "interrupted while waiting for a first token", false, e);
    } catch (RuntimeException e) {
      cancelAll(running);
      throw e;
    }
  }

  private void startHedge(
      Plan.Entry hedgeEntry,
      AttemptRun primary,
      Executor pullers,
      BlockingQueue<FirstPull> arrived,
      List<AttemptRun> running) {
    if (!pending.contains(hedgeEntry) || skipReason(hedgeEntry) != null) {
      return;
    }
    Member hm = hedgeEntry.member();
    long now = clock.getAsLong();
    CircuitBreaker.Admission admission = hm.breaker().admit(now);
    if (!admission.admitted()) {
      event("no hedge with " + hm.name() + ": " + refusal(hm, now));
      return; // it stays pending: a later fallback may still find it free
    }
    if (!router.hedgeBudget().tryAcquire()) {
      hm.breaker().release(admission);
      event("no hedge for " + primary.name() + ": hedge budget spent");
      return;
    }
    pending.remove(hedgeEntry);
    event("hedged with " + hedgeEntry.member().name() + " after "
        + Planner.ms(clock.getAsLong() - primary.startNanos()) + " without a first token from "
        + primary.name());
    AttemptRun hedge = start(hedgeEntry, admission, true);
    if (hedge == null) {
      return; // failed to start; the primary runs on
    }
    running.add(hedge);
    if (!submit(pullers, hedge, arrived)) {
      hedge.cancel(clock.getAsLong());
      running.remove(hedge);
    }
  }

  /**
   * When to hedge, after the primary started: its predicted (quantile) time to first token, but
   * early enough for the hedge to make the first-token budget; {@link Long#MAX_VALUE} for never.
   */
  private long hedgeDelay(Plan.Entry primary, Plan.Entry hedge) {
    long ttftLeft = deadline.firstTokenRemainingNanos();
    long own = primary.prediction() != null
        ? primary.prediction().ttftNanos()
        : (ttftLeft == Long.MAX_VALUE ? Long.MAX_VALUE : ttftLeft / 2);
    if (ttftLeft == Long.MAX_VALUE) {
      return own;
    }
    long hedgeTtft = hedge.prediction() != null ? hedge.prediction().ttftNanos() : 0;
    long latestUseful = ttftLeft - hedgeTtft;
    if (latestUseful <= 0) {
      return Long.MAX_VALUE; // a hedge could not make the budget either
    }
    return Math.min(own, latestUseful);
  }

  private boolean submit(Executor pullers, AttemptRun a, BlockingQueue<FirstPull> arrived) {
    try {
      pullers.execute(() -> arrived.add(pullOnce(a)));
      return true;
    } catch (RejectedExecutionException e) {
      return false; // all router threads busy: no hedge for this attempt
    }
  }

  private static FirstPull pullOnce(AttemptRun a) {
    try {
      return new FirstPull(a, firstVisible(a.generation()), null);
    } catch (InferenceException e) {
      return new FirstPull(a, null, e);
    } catch (RuntimeException e) {
      return new FirstPull(
          a, null, new BackendUnavailableException(a.name(), "generation failed: " + e, false, e));
    }
  }

  private void cancelAll(List<AttemptRun> running) {
    long now = clock.getAsLong();
    for (AttemptRun a : running) {
      a.cancel(now);
    }
  }

  private void event(String what) {
    synchronized (events) {
      events.add(what);
    }
  }
}
