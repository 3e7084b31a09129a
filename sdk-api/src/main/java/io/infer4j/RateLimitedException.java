package io.infer4j;

import java.time.Duration;
import java.util.Optional;

/**
 * The backend refused the request because a rate limit was reached (HTTP 429 or a local limit).
 * {@link #retryAfter()} is the wait the backend asked for, when it said one.
 */
public final class RateLimitedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** The configured instance name of the backend that refused. */
  private final String backend;
  /** The wait the backend asked for, or {@code null} when it did not say. */
  private final Duration retryAfter;

  /**
   * A refusal because of a rate limit.
   *
   * @param backend the configured instance name of the backend that refused
   * @param message what the backend said (the limit reached, a provider's error text)
   * @param retryAfter how long the backend asked to wait, or {@code null} when it did not say
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public RateLimitedException(String backend, String message, Duration retryAfter) {
    super(
        "backend '" + backend + "' rate limited: " + message
            + (retryAfter == null ? "" : " (retry after " + retryAfter.toMillis() + " ms)"),
        null);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
    this.backend = backend;
    this.retryAfter = retryAfter;
  }

  /** {@return the configured instance name of the backend that refused} */
  public String backend() {
    return backend;
  }

  /** {@return the wait the backend asked for before a new attempt, if it said one} */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }

  private RateLimitedException(RateLimitedException from, RouteDecision route) {
    super(from, route);
    this.backend = from.backend;
    this.retryAfter = from.retryAfter;
  }

  @Override
  RateLimitedException copyWith(RouteDecision route) {
    return new RateLimitedException(this, route);
  }
}
