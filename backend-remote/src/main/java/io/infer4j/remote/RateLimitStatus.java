package io.infer4j.remote;

import java.time.Duration;

/**
 * The rate-limit state a server last reported for one credential, from its {@code
 * x-ratelimit-*} headers. Each part is {@code null} when the server did not send it. The backend
 * refuses, before any I/O, a request that this state says cannot be served before the reset (a
 * {@link io.infer4j.RateLimitedException} the router takes as "skip this backend until then").
 *
 * @param remainingRequests requests left in the current window ({@code
 *     x-ratelimit-remaining-requests})
 * @param remainingTokens tokens left in the current window ({@code x-ratelimit-remaining-tokens})
 * @param resetRequests time until the request window resets, as of {@code observedAtNanos}
 * @param resetTokens time until the token window resets, as of {@code observedAtNanos}
 * @param observedAtNanos {@link System#nanoTime()} when the headers arrived; 0 when never
 */
public record RateLimitStatus(
    Long remainingRequests,
    Long remainingTokens,
    Duration resetRequests,
    Duration resetTokens,
    long observedAtNanos) {

  /** Nothing known yet. */
  public static final RateLimitStatus UNKNOWN = new RateLimitStatus(null, null, null, null, 0L);

  /**
   * Checks the remaining counts.
   *
   * @throws IllegalArgumentException if a remaining count is negative
   */
  public RateLimitStatus {
    if (remainingRequests != null && remainingRequests < 0) {
      throw new IllegalArgumentException("remainingRequests must be >= 0: " + remainingRequests);
    }
    if (remainingTokens != null && remainingTokens < 0) {
      throw new IllegalArgumentException("remainingTokens must be >= 0: " + remainingTokens);
    }
  }

  /** {@return whether the server said that a window is used up (no requests or no tokens left)} */
  public boolean exhausted() {
    return (remainingRequests != null && remainingRequests == 0)
        || (remainingTokens != null && remainingTokens == 0);
  }
}
