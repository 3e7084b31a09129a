package io.infer4j.remote.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.StreamInterruptedException;
import io.infer4j.Timing;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import io.infer4j.internal.PromptTokens;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One request to a remote backend, read on the consumer's thread. Each {@link #next()} waits for
 * the current attempt's next event no longer than the {@link Deadline} allows, or where the
 * request has no budget, the backend's default limits ({@link RequestLimits}). Until the first
 * visible token, a failed attempt is retried (up to {@code max-retries}, with jittered exponential
 * backoff or the server's {@code Retry-After}) only if the wait fits those limits; after it, a
 * broken stream ends with {@link StreamInterruptedException} carrying the partial text. Each
 * retry is logged at {@code DEBUG}.
 *
 * <p>Timing is measured with the monotonic clock from the moment the serving attempt's request
 * started to be written: time to first token is the first visible content token.
 *
 * <p>{@link #next()} and {@link #result()} are called by one consumer thread; {@link #close()}
 * from any thread.
 */
final class RemoteGeneration implements Generation {

  /**
   * Text events read past {@code maxTokens} before a stream is cut. A server sends at most one
   * text event per generated token, so one that goes on past max-tokens ignores the request (or
   * never ends); the margin keeps a server whose events and tokens do not match one to one from
   * being cut short. The cut answer ends with {@link FinishReason#LENGTH}, what the request asked
   * for, and its connection is closed.
   */
  static final int EXTRA_TEXT_EVENTS = 16;

  /** Retries and their causes, at {@code DEBUG}: see {@link #log}. */
  private static final System.Logger LOG = System.getLogger("io.infer4j.remote");

  private final RemoteEngine engine;
  private final InferenceRequest request;
  private final Deadline deadline;
  private final RequestLimits limits;
  private final String model;
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private volatile boolean closed;
  // The attempt being read; null once it failed (cancelled) or its answer ended cleanly.
  private volatile Attempt attempt;

  private int attempts;
  private Endpoint lastFailed;
  private final StringBuilder partial = new StringBuilder();
  private int chunkIndex;
  private int visibleChunks;
  private long firstTokenNanos = -1;
  private String finishWire;
  private String stopReason;
  private Usage usage;
  private String servedModel;
  private String lastFailure; // what the last failed attempt said
  private int lastFailedAttempt;
  private GenerationResult result;

  RemoteGeneration(RemoteEngine engine, InferenceRequest request, Deadline deadline, String model) {
    this.engine = engine;
    this.request = request;
    this.deadline = deadline;
    this.limits = new RequestLimits(deadline, engine.settings());
    this.model = model;
  }

  /** Sends the first attempt now, so connecting overlaps whatever the caller does next. */
  RemoteGeneration open() {
    begin();
    return this;
  }

  @Override
  public TokenChunk next() {
    while (result == null && !closed) {
      Attempt a = attempt;
      if (a == null) {
        a = begin();
        continue;
      }
      StreamEvent e;
      try {
        e = a.poll(limits.waitLimitNanos(firstTokenSeen()));
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
        if (limits.waitLimitNanos(firstTokenSeen()) > 0) {
          continue; // woke a little early
        }
        a.cancel();
        attempt = null;
        log(a, "cut: no " + (firstTokenSeen() ? "further token" : "first token") + " within the"
            + " time left (" + deadline.elapsed().toMillis() + " ms since the request started)");
        limits.check(firstTokenSeen(), partial.toString(), a.url(), history());
        throw new io.infer4j.DeadlineExceededException(
            "budget spent after " + deadline.elapsed().toMillis() + " ms", partial.toString());
      }
      TokenChunk chunk = handle(a, e);
      if (chunk != null) {
        return chunk;
      }
    }
    return null;
  }

  private TokenChunk handle(Attempt a, StreamEvent e) {
    if (e instanceof StreamEvent.Payload) {
      StreamEvent.Payload p = (StreamEvent.Payload) e;
      ParsedChunk c;
      try {
        c = engine.parser().parse(p.json());
      } catch (IOException ex) {
        fail(a, engine.errors().malformed("malformed JSON in the response: " + shortMessage(ex), true));
        return null;
      }
      if (c.error() != null) {
        fail(a, engine.errors().inStream(c.error()));
        return null;
      }
      absorb(c);
      if (c.text().isEmpty()) {
        return null;
      }
      if (!p.whole() && visibleChunks >= (long) request.sampling().maxTokens() + EXTRA_TEXT_EVENTS) {
        cut(a);
        return null;
      }
      if (firstTokenNanos < 0) {
        firstTokenNanos = p.atNanos();
      }
      partial.append(c.text());
      visibleChunks++;
      int tokens = p.whole()
          ? (usage != null ? usage.completionTokens() : Math.max(1, (c.text().length() + 3) / 4))
          : 1;
      return new TokenChunk(chunkIndex++, c.text(), tokens);
    }
    if (e instanceof StreamEvent.End) {
      finish(a, (StreamEvent.End) e);
      return null;
    }
    if (e instanceof StreamEvent.Failed) {
      fail(a, ((StreamEvent.Failed) e).failure());
    }
    return null; // Wake: loop re-checks closed
  }

  private static String shortMessage(IOException ex) {
    String m = String.valueOf(ex.getMessage());
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }

  private boolean firstTokenSeen() {
    return firstTokenNanos >= 0;
  }

  private Attempt begin() {
    attempts++;
    Attempt a = engine.newAttempt(request, model, lastFailed, limits);
    attempt = a;
    if (closed) {
      a.cancel();
    }
    return a;
  }

  private void absorb(ParsedChunk c) {
    if (c.finishReason() != null) {
      finishWire = c.finishReason();
    }
    if (c.stopReason() != null) {
      stopReason = c.stopReason();
    }
    if (c.usage() != null) {
      usage = c.usage(); // the last report wins: final usage chunk, or cumulative (NIM)
    }
    if (c.model() != null && !c.model().isBlank()) {
      servedModel = c.model();
    }
  }

  private void fail(Attempt a, AttemptFailure f) {
    a.cancel();
    attempt = null;
    engine.pool().recordFailure(a.endpoint());
    lastFailed = a.endpoint();
    lastFailure = withoutBackendPrefix(f.error().getMessage());
    lastFailedAttempt = attempts;
    if (firstTokenSeen()) {
      throw new StreamInterruptedException(
          f.error().getMessage(), partial.toString(), f.error());
    }
    int tries = engine.settings().maxRetries() + 1;
    if (!f.retry() || attempts >= tries) {
      log(a, (f.retry() ? "failed, the last of " + tries : "failed, not retryable") + ": "
          + lastFailure);
      throw f.error();
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
   * for the command line's {@code --verbose}: its number, its URL and {@code what}. Messages hold
   * no API key (error messages are redacted before they get here).
   */
  /** Logs one attempt's outcome at DEBUG; the API key never reaches the log, whatever {@code what} holds. */
  private void log(Attempt a, String what) {
    LOG.log(System.Logger.Level.DEBUG, () -> engine.settings().apiKey().redact(
        "backend '" + engine.settings().instanceName() + "': attempt " + attempts + " of "
            + (engine.settings().maxRetries() + 1) + " to " + a.url() + " " + what));
  }

  /** What the attempts so far came to, for a message: empty after one silent attempt. */
  private String history() {
    if (lastFailure == null) {
      return attempts > 1 ? "; " + attempts + " attempts" : "";
    }
    return "; " + attempts + " attempts, attempt " + lastFailedAttempt + " failed: " + lastFailure;
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
    int shift = Math.min(30, attempts - 1);
    long exp = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
    return (long) (exp * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble()));
  }

  /** Ends a stream that went on past max-tokens: the answer so far, with finish reason length. */
  private void cut(Attempt a) {
    a.cancel();
    log(a, "cut: more than max-tokens " + request.sampling().maxTokens() + " + "
        + EXTRA_TEXT_EVENTS + " text events; the answer so far is returned (finish reason length)");
    finishWire = "length";
    finish(a, new StreamEvent.End(false, engine.nowNanos()));
  }

  private void finish(Attempt a, StreamEvent.End end) {
    a.release();
    attempt = null;
    engine.pool().recordSuccess(a.endpoint());
    FinishReason reason =
        FinishReasons.map(finishWire, stopReason, request.sampling().stop(), end.sawDone());
    long written = a.writtenAtNanos() == Long.MIN_VALUE ? deadline.startNanos() : a.writtenAtNanos();
    long endNanos = Math.max(written, end.atNanos());
    long firstNanos = firstTokenSeen() ? Math.max(written, firstTokenNanos) : endNanos;
    int completion = usage != null ? usage.completionTokens() : visibleChunks;
    Timing timing = Timing.of(
        Duration.ofNanos(firstNanos - written), Duration.ofNanos(endNanos - written), completion, false);
    if (firstTokenSeen()) {
      int promptTokens = usage != null ? usage.promptTokens() : PromptTokens.estimate(request);
      engine.latency().observe(promptTokens, firstNanos - written, completion, endNanos - firstNanos);
    }
    String served = servedModel != null ? servedModel : (model != null ? model : "");
    result = GenerationResult.of(reason, served).withUsage(usage).withTiming(timing);
  }

  @Override
  public GenerationResult result() {
    if (result == null) {
      throw new IllegalStateException("result() before the end of the generation");
    }
    return result;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closedLatch.countDown();
    Attempt a = attempt;
    if (a != null) {
      // A cleanly ended call is no longer current: it is left to finish reading its body, so its
      // connection is reused (cancelling it now, a few microseconds before OkHttp reads the
      // stream's end, would close the connection); the callback thread then ends at the body's
      // end or its stall timeout. A failed one was cancelled already.
      a.cancel();
    }
  }
}
