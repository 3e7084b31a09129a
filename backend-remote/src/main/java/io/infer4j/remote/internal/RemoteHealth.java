package io.infer4j.remote.internal;

import io.infer4j.remote.EndpointStatus;
import io.infer4j.remote.RateLimitStatus;
import io.infer4j.spi.BackendHealth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A remote backend's health from what it has seen, without I/O: {@code CLOSED} once closed;
 * {@code DOWN} when every endpoint is ejected after consecutive failures, or when the
 * credential's last {@code x-ratelimit-*} headers say no request may be sent before a reset still
 * ahead (no requests or no tokens left); else {@code UP}.
 *
 * <p>Details: {@code preset}; {@code endpoints}, {@code endpoints_ejected} and {@code
 * consecutive_failures} (the longest failure streak of any endpoint); what the server last said of
 * the credential's window when it said it: {@code rate_limit_remaining_requests}, {@code
 * rate_limit_remaining_tokens}, {@code rate_limit_reset_requests_ms} and {@code
 * rate_limit_reset_tokens_ms} (time left until each resets, 0 once it has); and {@code
 * last_failure}, the message of the last failed attempt, with the API key masked.
 */
final class RemoteHealth {

  private RemoteHealth() {}

  static BackendHealth of(RemoteEngine engine) {
    ApiKey key = engine.settings().apiKey();
    if (engine.isClosed()) {
      return BackendHealth.closed("backend is closed");
    }
    long now = engine.nowNanos();
    List<EndpointStatus> endpoints = engine.pool().statuses();
    int ejected = 0;
    int streak = 0;
    for (EndpointStatus e : endpoints) {
      ejected += e.ejected() ? 1 : 0;
      streak = Math.max(streak, e.consecutiveFailures());
    }
    RateLimitStatus limits = engine.rateLimits().current();
    RateLimitTracker.Block block = engine.rateLimits().blocking(1, now);
    String lastFailure = key.redact(engine.pool().lastFailure());

    Map<String, Object> details = new LinkedHashMap<>();
    BackendHealth.State state = BackendHealth.State.UP;
    if (ejected == endpoints.size()) {
      state = BackendHealth.State.DOWN;
      details.put(BackendHealth.REASON, (endpoints.size() == 1 ? "the endpoint is" : "every endpoint is")
          + " ejected after " + engine.settings().ejectAfter() + " consecutive failures"
          + (lastFailure != null ? "; last: " + lastFailure : ""));
    } else if (block != null) {
      state = BackendHealth.State.DOWN;
      details.put(BackendHealth.REASON, block.reason() + " (from its x-ratelimit-* headers); resets in "
          + millisUp(block.retryAfter()) + " ms");
    }
    details.put("preset", engine.settings().preset().configName());
    details.put("endpoints", (long) endpoints.size());
    details.put("endpoints_ejected", (long) ejected);
    details.put("consecutive_failures", (long) streak);
    long elapsed = now - limits.observedAtNanos();
    if (limits.remainingRequests() != null) {
      details.put("rate_limit_remaining_requests", limits.remainingRequests());
    }
    if (limits.remainingTokens() != null) {
      details.put("rate_limit_remaining_tokens", limits.remainingTokens());
    }
    if (limits.resetRequests() != null) {
      details.put("rate_limit_reset_requests_ms", leftMillis(limits.resetRequests(), elapsed));
    }
    if (limits.resetTokens() != null) {
      details.put("rate_limit_reset_tokens_ms", leftMillis(limits.resetTokens(), elapsed));
    }
    if (lastFailure != null) {
      details.put("last_failure", lastFailure);
    }
    return new BackendHealth(state, details);
  }

  /** Milliseconds from {@code elapsedNanos} after the report until {@code reset}; 0 once past. */
  private static long leftMillis(Duration reset, long elapsedNanos) {
    Duration left = reset.minusNanos(Math.max(0, elapsedNanos));
    return left.isNegative() ? 0 : millisUp(left);
  }

  private static long millisUp(Duration d) {
    try {
      return d.plusNanos(999_999).toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
