package io.infer4j.internal.router;

import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceException;
import io.infer4j.InferenceListener;
import io.infer4j.RateLimitedException;
import io.infer4j.internal.BackendCalls;
import io.infer4j.spi.Generation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The attempts of one routed request: starts each, pulls a first chunk, learns from how each ends
 * and cancels them all when the request is closed. Every attempt is recorded in the {@link
 * RouteLog} as it starts, including one whose {@code start()} failed.
 *
 * <p><b>Circuit breaker.</b> Every attempt, hedges included, starts only when its backend's
 * {@link CircuitBreaker} admitted it; a half-open backend admits one trial attempt at a time, and
 * other requests skip it meanwhile. Each attempt settles with its breaker exactly once, when its
 * outcome is set (see {@link AttemptRun}): success, failure, or cancellation (a lost hedge race,
 * {@link #close()}, a spent budget), so a trial slot never outlives its attempt. A failed
 * attempt's generation is closed before its trial slot is freed, so the backend's next trial
 * never overlaps it.
 *
 * <p><b>Learning.</b> The time to first token of the attempt that produced it, the time per token
 * and success of the one that completed, and failures: a rate limit skips the backend until its
 * retry time (or {@code rate-limit-wait}), a spent budget says nothing about the backend, and any
 * other failure counts against its health (failure share and breaker).
 *
 * <p><b>Threads.</b> The request's consumer thread calls everything except {@link #close()} and
 * {@link #isClosed()}, which any thread may call; closing cancels every attempt started or
 * starting, which makes pending pulls of their first chunk return promptly.
 */
final class RequestAttempts {

  private final RouteRequest route;
  private final List<InferenceException> failures = new ArrayList<>();
  private final AtomicInteger started = new AtomicInteger();
  private volatile boolean closed;

  RequestAttempts(RouteRequest route) {
    this.route = route;
  }

  /**
   * Starts an attempt the breaker admitted; null when it failed to start (already recorded). The
   * attempt owns {@code admission} from here on, and frees it however it ends; when {@code
   * start()} itself fails, that failure settles it. A primary's failure to start is thrown when no
   * other backend can help (see {@link #failedBeforeFirstChunk}); a hedge's never is, since the
   * primary it hedges is still running. An attempt that starts while the request is being closed
   * is returned already cancelled.
   */
  AttemptRun start(Plan.Entry entry, CircuitBreaker.Admission admission, boolean hedge) {
    Member m = entry.member();
    int number = started.incrementAndGet();
    InferenceListener.Attempt reported = new InferenceListener.Attempt(m.name(),
        hedge ? InferenceListener.AttemptKind.HEDGE
            : number == 1 ? InferenceListener.AttemptKind.FIRST
            : InferenceListener.AttemptKind.FALLBACK, number);
    route.observer().started(reported);
    long now = route.now();
    Generation g;
    try {
      // The member reports its own attempts (a remote backend's retries) to the same observer,
      // and waits for a server's Retry-After only where no other member is left to try. Decided
      // here, on the consumer thread: in a hedged race the member's pull (and so its question)
      // runs on a router thread, which must not read the untried list.
      boolean mayWait = !hedge && route.untried().peekUsable() == null;
      g = BackendCalls.start(m.backend(), m.name(), route.request(), route.deadline(),
          new MemberObserver(route.observer(), mayWait));
    } catch (InferenceException e) {
      AttemptRun failed =
          new AttemptRun(entry, hedge, now, null, admission, route.observer(), reported);
      route.log().started(failed);
      failedBeforeFirstChunk(failed, e, !hedge);
      return null;
    } catch (Error e) {
      m.breaker().release(admission); // no attempt to settle it: free the slot, change nothing
      throw e;
    }
    AttemptRun a = new AttemptRun(entry, hedge, now, g, admission, route.observer(), reported);
    route.log().started(a); // before reading closed: close() sets it, then cancels what it finds logged
    if (closed) {
      a.cancel(route.now()); // close() ran while this attempt was starting
    }
    return a;
  }

  /**
   * Pulls the first chunk of {@code a} on this thread and learns its time to first token: the
   * attempt with its chunk, {@link FirstPull#CLOSED} when the request was closed meanwhile, or
   * null when the attempt failed retryably (recorded; fall back). Throws what {@link
   * #failedBeforeFirstChunk} throws.
   */
  FirstPull pullFirst(AttemptRun a) {
    FirstPull pulled = FirstPull.pull(a);
    if (closed) {
      return FirstPull.CLOSED;
    }
    if (pulled.failure() != null) {
      failedBeforeFirstChunk(a, pulled.failure(), true);
      return null;
    }
    firstToken(a);
    return pulled;
  }

  /** Learns the time to first token of the attempt that just produced it. */
  void firstToken(AttemptRun a) {
    long now = route.now();
    a.firstToken(now);
    a.member().stats().recordFirstToken(now - a.startNanos(), route.promptTokens(), now);
  }

  /**
   * Learns that {@code a} has had no first token until now: a lower bound of its time to first
   * token ({@link LatencyStats#recordFirstTokenAtLeast}), for an attempt that lost a race, so it
   * does not keep looking fast while hedges rescue it, nor look as fast as it was cut off.
   */
  void noFirstTokenYet(AttemptRun a) {
    long now = route.now();
    a.member().stats().recordFirstTokenAtLeast(now - a.startNanos(), route.promptTokens(), now);
  }

  /**
   * Records a failure before the first chunk: closes the attempt's generation, settles and learns
   * from it (see {@link #settleFailure}), keeps it for the exhaustion report and logs it. When
   * {@code mayThrow}, throws it if another backend cannot help: it is not retryable, or the total
   * budget is spent.
   */
  void failedBeforeFirstChunk(AttemptRun a, InferenceException e, boolean mayThrow) {
    settleFailure(a, e, route.now());
    failures.add(e);
    route.log().event(a.name() + " failed" + (e.isRetryable() ? " (retryable)" : ""));
    if (mayThrow && (!e.isRetryable() || route.deadline().isExpired())) {
      throw e;
    }
  }

  /**
   * Records a failure of the serving attempt after its first chunk: closes its generation, then
   * settles and learns from it. There is no fallback after the first chunk; the caller rethrows.
   */
  void failedMidStream(AttemptRun winner, InferenceException e) {
    settleFailure(winner, e, route.now());
  }

  /** The serving attempt ended normally: learns its time per token and success, closes its breaker. */
  void succeeded(AttemptRun winner) {
    long now = route.now();
    Member m = winner.member();
    int tokens = winner.tokens();
    long first = winner.firstTokenNanos();
    if (tokens > 1 && first >= 0) {
      m.stats().recordPerToken((now - first) / (tokens - 1), now);
    }
    m.stats().recordSuccess(now);
    route.router().outputLengths().record(tokens, stoppedAtMaxTokens(winner, tokens), now);
    winner.succeed(now);
  }

  /** Whether the answer ended because it reached the request's max-tokens (its length is censored). */
  private boolean stoppedAtMaxTokens(AttemptRun winner, int tokens) {
    if (tokens >= route.request().sampling().maxTokens()) {
      return true;
    }
    try {
      return winner.generation().result().finishReason() == io.infer4j.FinishReason.LENGTH;
    } catch (RuntimeException e) {
      return false; // a backend without a result here: judged by the count alone
    }
  }

  /** Cancels {@code running} (see {@link AttemptRun#cancel}). */
  void cancel(Collection<AttemptRun> running) {
    long now = route.now();
    for (AttemptRun a : running) {
      a.cancel(now);
    }
  }

  /** The failures before a first chunk so far, oldest first. */
  List<InferenceException> failures() {
    return failures;
  }

  /** Closes the request: cancels every attempt logged, and any that starts from now on. */
  void close() {
    closed = true;
    cancel(route.log().attempts());
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Ends a failed attempt (unless it had ended; its generation is closed either way, see {@link
   * AttemptRun#fail}) and learns from it: a rate limit skips the backend until its retry time (set
   * before the attempt frees its trial slot, so no other request slips in), a spent budget says
   * nothing about the backend (the attempt was cut short: cancelled, with the backend's message),
   * any other failure counts against its health (failure share and breaker).
   */
  private void settleFailure(AttemptRun a, InferenceException e, long now) {
    Member m = a.member();
    boolean rateLimited = e instanceof RateLimitedException;
    boolean unhealthy = !rateLimited && !(e instanceof DeadlineExceededException);
    if (rateLimited) {
      Duration wait = ((RateLimitedException) e).retryAfter().orElse(route.settings().rateLimitWait());
      m.rateLimitedUntil(now + wait.toNanos());
    }
    if (e instanceof DeadlineExceededException) {
      a.endByDeadline(now, e.getMessage()); // the request's budget ran out: cut short, not failed
      return;
    }
    if (a.fail(now, e, unhealthy) && unhealthy) {
      m.stats().recordFailure(now);
    }
  }
}
