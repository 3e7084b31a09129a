package io.infer4j.remote.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.StreamInterruptedException;
import io.infer4j.spi.Deadline;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP attempts of one request ({@link RemoteGeneration}'s, or an embedding's) and the policy
 * between them. Each attempt goes to an endpoint other than the one that just failed, when there
 * is one. The consumer waits for an attempt's next event no longer than the {@link Deadline}
 * allows, or where the request has no budget, the backend's default limits ({@link
 * RequestLimits}). Until the first visible token, a failed attempt is retried (up to {@code
 * max-retries}, with jittered exponential backoff or the server's {@code Retry-After}) only if the
 * wait fits those limits; after it, the failure is a {@link StreamInterruptedException} carrying
 * the partial text. Each attempt's end is logged at {@code DEBUG}.
 *
 * <p>{@link #current()}, {@link #poll}, {@link #failed} and {@link #succeeded} are called by one
 * consumer thread; {@link #close()} from any thread.
 */
final class Attempts {

  /** Retries and their causes, at {@code DEBUG}: see {@link #log}. */
  private static final System.Logger LOG = System.getLogger("io.infer4j.remote");

  private final RemoteEngine engine;
  private final Exchange exchange;
  private final Deadline deadline;
  private final RequestLimits limits;
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private volatile boolean closed;
  // The attempt being read; null once it failed (cancelled) or its answer ended cleanly.
  private volatile Attempt current;

  private int count;
  // told of retries (the second try on); asked before a wait a server asks for (Retry-After)
  private final io.infer4j.spi.AttemptObserver observer;
  // the retry being read, if reported; taken (set to null) by whoever reports its end
  private final java.util.concurrent.atomic.AtomicReference<io.infer4j.InferenceListener.Attempt>
      reported = new java.util.concurrent.atomic.AtomicReference<>();
  private volatile long reportedStartNanos;
  private Endpoint lastFailed;
  private String lastFailure; // what the last failed attempt said
  private int lastFailedAttempt;

  Attempts(RemoteEngine engine, Exchange exchange, Deadline deadline) {
    this(engine, exchange, deadline, io.infer4j.spi.AttemptObserver.NONE);
  }

  /**
   * Reports each retry (the second HTTP attempt on) to {@code observer} as a RETRY attempt, and
   * waits out a server's {@code Retry-After} only where {@code observer} {@linkplain
   * io.infer4j.spi.AttemptObserver#mayWaitFor allows it}.
   */
  Attempts(RemoteEngine engine, Exchange exchange, Deadline deadline,
      io.infer4j.spi.AttemptObserver observer) {
    this.observer = observer;
    this.engine = engine;
    this.exchange = exchange;
    this.deadline = deadline;
    this.limits = new RequestLimits(deadline, engine.settings(), exchange.stream());
  }

  /** The attempt being read; when there is none (the last one failed), sends the next one. */
  Attempt current() {
    Attempt a = current;
    return a != null ? a : begin();
  }

  /** Sends an attempt now, so that connecting overlaps whatever the caller does next. */
  Attempt begin() {
    count++;
    if (count > 1 && observer.isActive()) {
      io.infer4j.InferenceListener.Attempt retry = new io.infer4j.InferenceListener.Attempt(
          engine.settings().instanceName(), io.infer4j.InferenceListener.AttemptKind.RETRY, count);
      reportedStartNanos = deadline.nanoClock().getAsLong();
      observer.started(retry);
      reported.set(retry);
    }
    Attempt a = engine.newAttempt(exchange, lastFailed, limits);
    current = a;
    if (closed) {
      a.cancel();
    }
    return a;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * The next event of attempt {@code a}, waiting no longer than the limits allow.
   *
   * @param firstTokenSeen whether visible text arrived (the limits differ before and after)
   * @param partial the text so far, for the exception when the wait runs out
   * @return the event, or {@code null} when the wait woke early or the attempts were closed (the
   *     caller checks {@link #isClosed()} and calls again)
   * @throws DeadlineExceededException when the request's budget is spent (the attempt cancelled)
   * @throws BackendUnavailableException when a default limit is spent before the first token, or
   *     the thread was interrupted (its flag kept, the attempts closed)
   * @throws StreamInterruptedException when {@code total-timeout} is spent after the first token
   */
  StreamEvent poll(Attempt a, boolean firstTokenSeen, CharSequence partial) {
    StreamEvent e;
    try {
      e = a.poll(limits.waitLimitNanos(firstTokenSeen));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      close();
      throw new BackendUnavailableException(
          engine.settings().instanceName(), "interrupted while waiting for the response", false, ie);
    }
    if (closed) {
      return null;
    }
    if (e == null) { // the wait limit passed: the budget or a default limit is spent
      if (limits.waitLimitNanos(firstTokenSeen) > 0) {
        return null; // woke a little early
      }
      a.cancel();
      current = null;
      log(a, "cut: no " + (firstTokenSeen ? "further token" : "first token") + " within the"
          + " time left (" + deadline.elapsed().toMillis() + " ms since the request started)");
      limits.check(firstTokenSeen, partial.toString(), a.url(), history());
      throw new DeadlineExceededException(
          "budget spent after " + deadline.elapsed().toMillis() + " ms", partial.toString());
    }
    return e;
  }

  /** Attempt {@code a}'s answer ended cleanly: its endpoint is credited, its call left to finish. */
  void succeeded(Attempt a) {
    report(io.infer4j.RouteDecision.Outcome.SUCCEEDED, null);
    a.release();
    current = null;
    engine.pool().recordSuccess(a.endpoint());
  }

  /**
   * Attempt {@code a} failed: cancels it and either throws, or waits for the backoff and returns
   * (the next {@link #current()} sends the retry).
   *
   * @throws StreamInterruptedException with {@code partial} once visible text was delivered
   * @throws io.infer4j.InferenceException the failure's error when it is not retried (not
   *     retryable, the last try, or its wait does not fit the time left)
   */
  void failed(Attempt a, AttemptFailure f, boolean firstTokenSeen, CharSequence partial) {
    report(io.infer4j.RouteDecision.Outcome.FAILED, f.error());
    a.cancel();
    current = null;
    lastFailed = a.endpoint();
    lastFailure = withoutBackendPrefix(f.error().getMessage());
    engine.pool().recordFailure(a.endpoint(), lastFailure);
    lastFailedAttempt = count;
    if (firstTokenSeen) {
      throw new StreamInterruptedException(
          f.error().getMessage(), partial.toString(), f.error());
    }
    int tries = engine.settings().maxRetries() + 1;
    if (!f.retry() || count >= tries) {
      log(a, (f.retry() ? "failed, the last of " + tries : "failed, not retryable") + ": "
          + lastFailure);
      throw f.retry() && tries > 1 && f.error() instanceof BackendUnavailableException b
          ? new BackendUnavailableException(b.backend(), withoutBackendPrefix(b.getMessage())
              + " (each of " + tries + " attempts failed)", b.isRetryable(), b)
          : f.error();
    }
    long budget = limits.waitLimitNanos(false);
    long wait;
    if (f.retryAfter() != null) {
      long asked = f.retryAfter().toNanos();
      if (asked >= budget || f.retryAfter().compareTo(engine.settings().maxRetryAfter()) > 0) {
        log(a, "failed: " + lastFailure + "; not retried: the server asks to wait "
            + f.retryAfter().toMillis() + " ms, more than the time left or max-retry-after");
        throw f.error(); // the wait does not fit: fail now (a 429 carries the retry time)
      }
      if (!observer.mayWaitFor(f.retryAfter())) {
        log(a, "failed: " + lastFailure + "; not retried: the server asks to wait "
            + f.retryAfter().toMillis() + " ms, and the caller has another backend to try");
        throw f.error();
      }
      wait = asked;
    } else {
      wait = backoffNanos();
      if (wait >= budget) {
        log(a, "failed: " + lastFailure + "; not retried: the backoff of "
            + wait / 1_000_000 + " ms does not fit the time left");
        // A default limit that stops the retries says so; a budget's end is the attempt's error.
        throw limits.defaultBinds(false)
            ? limits.spent(false, "", a.url(), history())
            : f.error();
      }
    }
    long waitMs = TimeUnit.NANOSECONDS.toMillis(wait);
    log(a, "failed: " + lastFailure + "; retrying in " + waitMs + " ms"
        + (f.retryAfter() != null ? " (as the server asked)" : ""));
    try {
      closedLatch.await(wait, TimeUnit.NANOSECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      close();
    }
  }

  /**
   * Logs what became of attempt {@code a} at {@code DEBUG} ({@code FINE} in java.util.logging),
   * for the command line's {@code --verbose}: its number, its URL and {@code what}. The API key
   * never reaches the log, whatever {@code what} holds.
   */
  void log(Attempt a, String what) {
    LOG.log(System.Logger.Level.DEBUG, () -> engine.settings().apiKey().redact(
        "backend '" + engine.settings().instanceName() + "': attempt " + count + " of "
            + (engine.settings().maxRetries() + 1) + " to " + a.url() + " " + what));
  }

  /** What the attempts so far came to, for a message: empty after one silent attempt. */
  private String history() {
    if (lastFailure == null) {
      return count > 1 ? "; " + count + " attempts" : "";
    }
    return "; " + count + " attempts, attempt " + lastFailedAttempt + " failed: " + lastFailure;
  }

  /** An error message without the {@code backend 'NAME' unavailable: } its type adds. */
  private String withoutBackendPrefix(String message) {
    String prefix = "backend '" + engine.settings().instanceName() + "' unavailable: ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  /** Full-jitter-ish exponential backoff: base * 2^(retry-1), capped, times [0.5, 1). */
  private long backoffNanos() {
    long base = engine.settings().backoff().toNanos();
    long cap = engine.settings().maxBackoff().toNanos();
    int shift = Math.min(30, count - 1);
    long exp = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
    return (long) (exp * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble()));
  }

  /**
   * Stops: wakes a backoff wait and cancels the attempt being read. Idempotent; any thread.
   * A cleanly ended call is no longer current: it is left to finish reading its body, so its
   * connection is reused (cancelling it now, a few microseconds before OkHttp reads the stream's
   * end, would close the connection); the callback thread then ends at the body's end or its
   * stall timeout. A failed one was cancelled already.
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    closedLatch.countDown();
    report(io.infer4j.RouteDecision.Outcome.CANCELLED, null);
    Attempt a = current;
    if (a != null) {
      a.cancel();
    }
  }

  /** Ends the reported retry, if one is being read; once. */
  private void report(io.infer4j.RouteDecision.Outcome outcome, io.infer4j.InferenceException failure) {
    io.infer4j.InferenceListener.Attempt r = reported.getAndSet(null);
    if (r == null) {
      return;
    }
    observer.ended(r, outcome, java.time.Duration.ofNanos(
        Math.max(0, deadline.nanoClock().getAsLong() - reportedStartNanos)), failure);
  }
}
