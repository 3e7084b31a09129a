package io.infer4j.remote.internal;

import io.infer4j.remote.RateLimitStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Headers;

/**
 * The rate-limit state of one credential, updated from every response's {@code
 * x-ratelimit-remaining-requests}, {@code x-ratelimit-remaining-tokens}, {@code
 * x-ratelimit-reset-requests} and {@code x-ratelimit-reset-tokens} headers. Backend instances that
 * share an API key and server ({@code host:port}) share one tracker, since the server counts per
 * key. {@link #blocking} tells, before any I/O, whether a request cannot be served before the
 * window resets. Thread-safe.
 */
final class RateLimitTracker {

  private static final Map<String, RateLimitTracker> BY_CREDENTIAL = new ConcurrentHashMap<>();

  private final AtomicReference<RateLimitStatus> state =
      new AtomicReference<>(RateLimitStatus.UNKNOWN);

  /**
   * The shared tracker of a credential at a server; local servers without a key get their own.
   *
   * @param server the server's {@code host:port}
   */
  static RateLimitTracker forCredential(ApiKey key, String server) {
    if (!key.isPresent()) {
      return new RateLimitTracker();
    }
    return BY_CREDENTIAL.computeIfAbsent(server + "#" + key.fingerprint(), k -> new RateLimitTracker());
  }

  RateLimitStatus current() {
    return state.get();
  }

  /** Records what a response said; headers it lacks keep their previous value. */
  void update(Headers headers, long nowNanos) {
    Long requests = count(headers.get("x-ratelimit-remaining-requests"));
    Long tokens = count(headers.get("x-ratelimit-remaining-tokens"));
    Duration resetRequests = GoDuration.parse(headers.get("x-ratelimit-reset-requests"));
    Duration resetTokens = GoDuration.parse(headers.get("x-ratelimit-reset-tokens"));
    if (requests == null && tokens == null && resetRequests == null && resetTokens == null) {
      return;
    }
    state.updateAndGet(old -> new RateLimitStatus(
        requests != null ? requests : old.remainingRequests(),
        tokens != null ? tokens : old.remainingTokens(),
        resetRequests != null ? resetRequests : old.resetRequests(),
        resetTokens != null ? resetTokens : old.resetTokens(),
        nowNanos));
  }

  /**
   * Why a request that may use {@code tokensNeeded} tokens (prompt plus completion) cannot be
   * served before the server's window resets, as last reported: no requests left, or fewer tokens
   * left than it may need, with the reset still ahead. {@code null} when nothing reported forbids
   * it, including when the server sent no reset time (a stale "0 left" must not block forever; the
   * server's 429 then says when to retry).
   *
   * @param nowNanos the same monotonic clock as {@link #update}'s
   */
  Block blocking(long tokensNeeded, long nowNanos) {
    RateLimitStatus s = state.get();
    long elapsed = nowNanos - s.observedAtNanos();
    long requestsWait = 0;
    if (s.remainingRequests() != null && s.remainingRequests() == 0 && s.resetRequests() != null) {
      requestsWait = left(s.resetRequests(), elapsed);
    }
    long tokensWait = 0;
    if (s.remainingTokens() != null && s.remainingTokens() < tokensNeeded && s.resetTokens() != null) {
      tokensWait = left(s.resetTokens(), elapsed);
    }
    if (requestsWait <= 0 && tokensWait <= 0) {
      return null;
    }
    String why = requestsWait > 0
        ? "no requests left in the credential's window"
        : s.remainingTokens() + " tokens left in the credential's window, the request may use up to "
            + tokensNeeded;
    return new Block(why, Duration.ofNanos(Math.max(requestsWait, tokensWait)));
  }

  /** Nanoseconds from {@code elapsed} after the report until {@code reset}; saturating. */
  private static long left(Duration reset, long elapsedNanos) {
    long resetNanos;
    try {
      resetNanos = reset.toNanos();
    } catch (ArithmeticException e) {
      resetNanos = Long.MAX_VALUE;
    }
    return elapsedNanos < 0 ? resetNanos : resetNanos - Math.min(resetNanos, elapsedNanos);
  }

  /**
   * A request refused before any I/O.
   *
   * @param reason what the server's headers said, without any secret
   * @param retryAfter time until the window that blocks it resets
   */
  record Block(String reason, Duration retryAfter) {}

  private static Long count(String v) {
    if (v == null) {
      return null;
    }
    try {
      long n = Long.parseLong(v.trim());
      return n < 0 ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
