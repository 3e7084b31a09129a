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
 * share an API key (and host) share one tracker, since the server counts per key. Thread-safe.
 */
final class RateLimitTracker {

  private static final Map<String, RateLimitTracker> BY_CREDENTIAL = new ConcurrentHashMap<>();

  private final AtomicReference<RateLimitStatus> state =
      new AtomicReference<>(RateLimitStatus.UNKNOWN);

  /** The shared tracker of a credential at a host; local servers without a key get their own. */
  static RateLimitTracker forCredential(ApiKey key, String host) {
    if (!key.isPresent()) {
      return new RateLimitTracker();
    }
    return BY_CREDENTIAL.computeIfAbsent(host + "#" + key.fingerprint(), k -> new RateLimitTracker());
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
