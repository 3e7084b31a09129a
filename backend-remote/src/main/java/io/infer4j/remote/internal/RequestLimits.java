package io.infer4j.remote.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceException;
import io.infer4j.StreamInterruptedException;
import io.infer4j.spi.Deadline;
import java.time.Duration;

/**
 * The limits one remote generation waits within: the request's {@link Deadline}, and the
 * backend's defaults where the request's budget leaves a limit open, so that no request waits
 * without end: {@code first-token-timeout} when a streamed request has neither a
 * time-to-first-token nor a total budget, {@code total-timeout} when it has no total budget. Both
 * count from the moment the client received the request, like the budget.
 *
 * <p>The request's own budget running out is its {@link io.infer4j.DeadlineExceededException};
 * a default running out is the server failing to answer in reasonable time: a retryable {@link
 * BackendUnavailableException} before the first token (so a router may fall back), a {@link
 * StreamInterruptedException} with the partial text after it. Immutable.
 */
final class RequestLimits {

  private static final long UNBOUNDED = Long.MAX_VALUE;

  private final Deadline deadline;
  private final RemoteSettings settings;
  private final long firstTokenAtNanos; // UNBOUNDED when the request's budget bounds it
  private final long endAtNanos; // UNBOUNDED when the request has a total budget

  /** @param stream whether the answer is streamed (only then does {@code first-token-timeout} apply) */
  RequestLimits(Deadline deadline, RemoteSettings settings, boolean stream) {
    this.deadline = deadline;
    this.settings = settings;
    long start = deadline.startNanos();
    boolean noBudget = deadline.isUnbounded() && !deadline.hasFirstTokenLimit();
    this.firstTokenAtNanos = noBudget && stream
        ? plus(start, settings.firstTokenTimeout())
        : UNBOUNDED;
    this.endAtNanos = deadline.isUnbounded() ? plus(start, settings.totalTimeout()) : UNBOUNDED;
  }

  private static long plus(long start, Duration d) {
    long n = d.toNanos(); // at most ~292 years: settings are parsed durations
    return n > UNBOUNDED - start ? UNBOUNDED : start + n;
  }

  /** The request's own budget. */
  Deadline deadline() {
    return deadline;
  }

  private long remaining(long atNanos) {
    return atNanos == UNBOUNDED ? UNBOUNDED
        : Math.max(0, atNanos - deadline.nanoClock().getAsLong());
  }

  /**
   * Nanoseconds the consumer may wait now for the next event: before the first token, until the
   * first token is due; after it, until the end; never {@link Long#MAX_VALUE} (the total default
   * always applies when the request has no total budget).
   */
  long waitLimitNanos(boolean firstTokenSeen) {
    return Math.min(deadline.waitLimitNanos(firstTokenSeen), defaultsNanos(firstTokenSeen));
  }

  /** What the defaults alone leave to wait now. */
  private long defaultsNanos(boolean firstTokenSeen) {
    return remaining(defaultAt(firstTokenSeen));
  }

  /** The default limit that applies now: the first token's until it is seen, else the end. */
  private long defaultAt(boolean firstTokenSeen) {
    return firstTokenSeen ? endAtNanos : Math.min(firstTokenAtNanos, endAtNanos);
  }

  /** Whether a default, not the request's budget, sets {@link #waitLimitNanos} now. */
  boolean defaultBinds(boolean firstTokenSeen) {
    return defaultsNanos(firstTokenSeen) < deadline.waitLimitNanos(firstTokenSeen);
  }

  /** Nanoseconds left for the whole request (the HTTP call's backstop timeout). */
  long remainingNanos() {
    return Math.min(deadline.remainingNanos(), remaining(endAtNanos));
  }

  /**
   * Throws if a limit has run out: the request's budget first, then the defaults.
   *
   * @param endpoint the URL last tried, and {@code history} what the attempts so far came to,
   *     both for the message
   * @param partialText the text so far
   * @throws io.infer4j.DeadlineExceededException when the request's budget is spent
   * @throws BackendUnavailableException (retryable) when a default is spent before the first token
   * @throws StreamInterruptedException when {@code total-timeout} is spent after it
   */
  void check(boolean firstTokenSeen, String partialText, String endpoint, String history) {
    deadline.check(firstTokenSeen, partialText);
    if (defaultsNanos(firstTokenSeen) == 0) {
      throw spent(firstTokenSeen, partialText, endpoint, history);
    }
  }

  /**
   * The error for the default limit that applies now (see {@link #defaultBinds}) leaving too
   * little time: to wait any longer, or for a retry's backoff.
   */
  InferenceException spent(
      boolean firstTokenSeen, String partialText, String endpoint, String history) {
    ApiKey key = settings.apiKey(); // the URL is the user's, the history quotes the server
    if (!firstTokenSeen && firstTokenAtNanos <= endAtNanos) {
      return new BackendUnavailableException(settings.instanceName(), key.redact("no first token from "
          + endpoint + " within " + describe("first-token-timeout", settings.firstTokenTimeout())
          + history), true);
    }
    String what = key.redact("no complete answer from " + endpoint + " within "
        + describe("total-timeout", settings.totalTimeout()) + history);
    if (firstTokenSeen) {
      return new StreamInterruptedException(
          "backend '" + settings.instanceName() + "': " + what, partialText, null);
    }
    return new BackendUnavailableException(settings.instanceName(), what, true);
  }

  private String describe(String key, Duration value) {
    return key + " " + Durations.format(value) + " (" + settings.fullKey(key)
        + ", applied because the request has no latency budget)";
  }
}
