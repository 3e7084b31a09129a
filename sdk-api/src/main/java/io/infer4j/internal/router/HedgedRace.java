package io.infer4j.internal.router;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The wait for a first chunk when hedging is on: the current attempt (the primary) races a hedge
 * on the next untried backend, and the first to produce a first chunk wins.
 *
 * <p><b>When.</b> With {@code hedging} on, every first choice may be hedged; with it off (the
 * default), only a first choice the router has no prediction for (hedging into the unknown, as a
 * cold router must: {@code hedge-unknown-share}, 0 to turn it off).
 *
 * <p><b>Hedge point.</b> The primary's first chunk is pulled on a router thread while the
 * consumer thread waits until the hedge point: the primary's own predicted time to first token
 * (its confidence quantile), but no later than the first-token budget left minus the hedge
 * candidate's predicted time to first token (see {@link #hedgeDelay}). If no chunk has come by
 * then, the candidate is still untried and worth trying, a router thread is free to pull it, its
 * breaker admits it and the {@link HedgeBudget} has a credit, the hedge starts too; otherwise the
 * primary runs on alone. The router thread is reserved first, so a hedge that finds none spends
 * nothing: no breaker slot, no credit, and its backend stays untried for a fallback. The hedge is
 * decided once per race. Without a next candidate, a hedge point, or a free router thread for the
 * primary, there is no race: the primary is pulled on the consumer thread.
 *
 * <p><b>Who cancels what.</b> The first chunk wins and every other running attempt is cancelled
 * (its generation closed); a primary that loses to its hedge has its wait so far learnt as a lower
 * bound of its time to first token. A failure ends only its own attempt while the other runs on,
 * even a non-retryable one, since the other may still answer. When the last running attempt
 * fails, the race fails as a sequence of attempts would have: if any attempt of the race (the
 * hedge's start included) failed non-retryably, the first such failure is thrown, so a retryable
 * failure never hides an invalid request or a refused API key; otherwise the last failure is
 * handled as any failure before the first chunk (thrown or fallen back from). A spent first-token
 * budget, an interrupt, or any exception thrown out of the race cancels every running attempt. A
 * hedge backend that was taken stays tried, even if it failed to start; a spent hedge credit
 * stays spent.
 *
 * <p><b>Threads.</b> The race runs on the request's consumer thread, which alone starts, settles
 * and learns from attempts. Each first-chunk pull uses one router thread ({@code hedge-threads})
 * that only pulls and hands the {@link FirstPull} over; it ends when its attempt yields its first
 * chunk, fails or is closed, and a loser's result is dropped. The executor must run tasks on
 * threads of its own (a hedge's thread waits for its attempt to be handed over). {@link
 * RequestAttempts#close()} from any thread closes the attempts, which makes their pulls return,
 * and the race then returns {@link FirstPull#CLOSED}.
 */
final class HedgedRace {

  /** A hedge delay meaning "no hedge". */
  static final long NEVER = Long.MAX_VALUE;

  private final RouteRequest route;

  HedgedRace(RouteRequest route) {
    this.route = route;
  }

  /**
   * Waits for the first chunk of {@code primary}, hedging with the next usable untried backend at
   * the hedge point: the winning attempt with its chunk (its time to first token learnt), {@link
   * FirstPull#CLOSED}, or null when every attempt of the race failed retryably (each recorded:
   * fall back).
   *
   * @throws io.infer4j.InferenceException the last failure when another backend cannot help, or
   *     {@link io.infer4j.DeadlineExceededException} when the first-token budget runs out
   */
  FirstPull firstPull(AttemptRun primary) {
    RequestAttempts attempts = route.attempts();
    RouterSettings settings = route.settings();
    if (!settings.hedging() && primary.entry().prediction() != null) {
      return attempts.pullFirst(primary); // only a first choice nothing is known about is hedged
    }
    Plan.Entry hedgeEntry = route.untried().peekUsable();
    long delay = hedgeEntry == null
        ? NEVER
        : hedgeDelay(primary.entry().prediction(), hedgeEntry.prediction(),
            route.deadline().firstTokenRemainingNanos(), settings.hedgeUnknownShare());
    Executor pullers = route.router().pullers();
    if (delay == NEVER || pullers == null) {
      return attempts.pullFirst(primary);
    }
    BlockingQueue<FirstPull> arrived = new LinkedBlockingQueue<>();
    if (!submit(pullers, primary, arrived)) {
      return attempts.pullFirst(primary);
    }
    long hedgeAt = primary.startNanos() + delay;
    List<AttemptRun> running = new ArrayList<>(2);
    running.add(primary);
    boolean hedgeDecided = false;
    InferenceException nonRetryable = null; // the race's first non-retryable failure so far
    try {
      while (true) {
        long now = route.now();
        long wait = route.deadline().firstTokenRemainingNanos();
        if (!hedgeDecided) {
          wait = Math.min(wait, Math.max(0, hedgeAt - now));
        }
        FirstPull p = wait == Long.MAX_VALUE
            ? arrived.take()
            : arrived.poll(wait, TimeUnit.NANOSECONDS);
        if (attempts.isClosed()) {
          attempts.cancel(running);
          return FirstPull.CLOSED;
        }
        if (p == null) {
          if (!hedgeDecided && route.now() - hedgeAt >= 0) {
            hedgeDecided = true;
            int failuresBefore = attempts.failures().size();
            AttemptRun hedge = hedge(hedgeEntry, primary, pullers, arrived);
            if (hedge != null) {
              running.add(hedge);
            } else if (attempts.failures().size() > failuresBefore) {
              nonRetryable = firstNonRetryable(nonRetryable, attempts.failures().get(failuresBefore));
            }
          } else if (route.deadline().firstTokenRemainingNanos() == 0) {
            attempts.cancel(running);
            route.deadline().check(false, "");
          }
          continue;
        }
        running.remove(p.attempt());
        if (p.failure() != null) {
          // while another attempt runs, even a non-retryable failure only ends this one
          boolean last = running.isEmpty();
          attempts.failedBeforeFirstChunk(p.attempt(), p.failure(), last && nonRetryable == null);
          if (!last) {
            nonRetryable = firstNonRetryable(nonRetryable, p.failure());
            continue;
          }
          if (nonRetryable != null) {
            route.log().event("the race failed; reporting the failure that is not retryable");
            throw nonRetryable;
          }
          return null;
        }
        win(p.attempt(), primary, running);
        return p;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      attempts.cancel(running);
      throw new BackendUnavailableException(
          route.router().name(), "interrupted while waiting for a first token", false, e);
    } catch (RuntimeException e) {
      attempts.cancel(running);
      throw e;
    }
  }

  /**
   * When to hedge, in nanoseconds after the primary started: its predicted (quantile) time to
   * first token, but early enough for the hedge to make the first-token budget; {@link #NEVER}
   * when a hedge could not make that budget either. Without a first-token or total budget ({@code
   * ttftLeftNanos} is {@link Long#MAX_VALUE}) it is the primary's own prediction; without a
   * prediction for the primary it is half the first-token budget left; with neither it is never.
   * A hedge candidate without a prediction counts as answering at once.
   *
   * @param primary the primary's prediction, or null
   * @param hedge the hedge candidate's prediction, or null
   * @param ttftLeftNanos what is left of the first-token budget now
   */
  static long hedgeDelay(Prediction primary, Prediction hedge, long ttftLeftNanos) {
    return hedgeDelay(primary, hedge, ttftLeftNanos, 0.5);
  }

  /**
   * {@link #hedgeDelay(Prediction, Prediction, long)} with the share of the first-token budget
   * after which a primary without a prediction is hedged ({@code hedge-unknown-share}; 0: never).
   */
  static long hedgeDelay(Prediction primary, Prediction hedge, long ttftLeftNanos,
      double unknownShare) {
    long own = primary != null
        ? primary.ttftNanos()
        : (ttftLeftNanos == Long.MAX_VALUE || unknownShare <= 0 ? NEVER
            : (long) (ttftLeftNanos * unknownShare));
    if (ttftLeftNanos == Long.MAX_VALUE) {
      return own;
    }
    long hedgeTtft = hedge != null ? hedge.ttftNanos() : 0;
    long latestUseful = ttftLeftNanos - hedgeTtft;
    if (latestUseful <= 0) {
      return NEVER; // a hedge could not make the budget either
    }
    return Math.min(own, latestUseful);
  }

  /**
   * Starts the hedge at the hedge point with its first-chunk pull on a router thread, reserved
   * before anything is spent: the hedge, or null when there is none (see {@link #startHedge}) or
   * no router thread is free (logged; nothing spent, the candidate stays untried).
   */
  private AttemptRun hedge(
      Plan.Entry hedgeEntry, AttemptRun primary, Executor pullers, BlockingQueue<FirstPull> arrived) {
    if (!route.untried().isUsable(hedgeEntry)) {
      return null;
    }
    ReservedPull pull = new ReservedPull(arrived);
    if (!submit(pullers, pull)) {
      route.log().event("no hedge with " + hedgeEntry.member().name() + ": no free router thread");
      return null;
    }
    AttemptRun hedge = null;
    try {
      hedge = startHedge(hedgeEntry, primary);
    } finally {
      pull.hand(hedge); // null frees the reserved thread
    }
    return hedge;
  }

  /**
   * Starts the hedge, if the candidate's breaker admits it and the hedge budget has a credit; null
   * otherwise, or when it failed to start (recorded, never thrown: the primary runs on). Each
   * reason for no hedge is logged.
   */
  private AttemptRun startHedge(Plan.Entry hedgeEntry, AttemptRun primary) {
    Member hm = hedgeEntry.member();
    long now = route.now();
    CircuitBreaker.Admission admission = hm.breaker().admit(now);
    if (!admission.admitted()) {
      route.log().event("no hedge with " + hm.name() + ": " + UntriedBackends.refusal(hm, now));
      return null; // it stays untried: a later fallback may still find it free
    }
    if (!route.router().hedgeBudget().tryAcquire()) {
      hm.breaker().release(admission);
      route.log().event("no hedge for " + primary.name() + ": hedge budget spent");
      return null;
    }
    route.untried().take(hedgeEntry);
    route.log().event("hedged with " + hm.name() + " after "
        + Planner.ms(route.now() - primary.startNanos()) + " without a first token from "
        + primary.name());
    return route.attempts().start(hedgeEntry, admission, true);
  }

  /**
   * {@code winner} produced the first chunk: learns its time to first token and cancels the
   * others still {@code running}, learning a lower bound for a primary that lost to its hedge.
   */
  private void win(AttemptRun winner, AttemptRun primary, List<AttemptRun> running) {
    route.attempts().firstToken(winner);
    for (AttemptRun loser : running) {
      if (winner.isHedge() && loser == primary) {
        route.attempts().noFirstTokenYet(loser);
      }
      loser.cancel(route.now());
      route.log().event(winner.name() + " produced the first token first; " + loser.name() + " cancelled");
    }
  }

  /** {@code found} if set, else {@code f} if it is not retryable, else null. */
  private static InferenceException firstNonRetryable(InferenceException found, InferenceException f) {
    return found != null ? found : (f.isRetryable() ? null : f);
  }

  /** Pulls the first chunk of {@code a} on a router thread into {@code arrived}; false if none is free. */
  private static boolean submit(Executor pullers, AttemptRun a, BlockingQueue<FirstPull> arrived) {
    return submit(pullers, () -> arrived.add(FirstPull.pull(a)));
  }

  private static boolean submit(Executor pullers, Runnable task) {
    try {
      pullers.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false; // all router threads busy
    }
  }

  /**
   * A router thread taken before its attempt exists: it waits until the consumer thread {@linkplain
   * #hand hands} it the attempt, pulls its first chunk into {@code arrived}, and ends at once when
   * handed null. The consumer hands exactly once, whatever happens, so the thread never waits long.
   */
  private static final class ReservedPull implements Runnable {
    private final CompletableFuture<AttemptRun> handed = new CompletableFuture<>();
    private final BlockingQueue<FirstPull> arrived;

    ReservedPull(BlockingQueue<FirstPull> arrived) {
      this.arrived = arrived;
    }

    void hand(AttemptRun attempt) {
      handed.complete(attempt);
    }

    @Override
    public void run() {
      AttemptRun a = handed.join(); // not interruptible: a handed attempt is always pulled
      if (a != null) {
        arrived.add(FirstPull.pull(a));
      }
    }
  }
}
