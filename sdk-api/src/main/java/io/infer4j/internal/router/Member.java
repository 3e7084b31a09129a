package io.infer4j.internal.router;

import io.infer4j.spi.Backend;
import java.util.Objects;

/**
 * One backend the router routes to, with what the router knows of it: its configuration, its
 * learnt latency, its circuit breaker and how long it is rate limited. The router owns the
 * backend and closes it. Thread-safe.
 */
final class Member {

  private final BackendProfile profile;
  private final Backend backend;
  private final LatencyStats stats;
  private final CircuitBreaker breaker;
  private volatile long rateLimitedUntil;
  private volatile boolean rateLimited;

  Member(BackendProfile profile, Backend backend, RouterSettings settings) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.stats = new LatencyStats(settings.windowSize(), settings.window());
    this.breaker = new CircuitBreaker(
        settings.breakerFailures(), settings.breakerCoolDown(), settings.breakerMaxCoolDown());
  }

  String name() {
    return profile.name();
  }

  BackendProfile profile() {
    return profile;
  }

  Backend backend() {
    return backend;
  }

  LatencyStats stats() {
    return stats;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  /** Skip this backend until {@code untilNanos} (a rate limit said so). */
  void rateLimitedUntil(long untilNanos) {
    rateLimitedUntil = untilNanos;
    rateLimited = true;
  }

  /** Nanoseconds this backend is still to be skipped for a rate limit; 0 if none. */
  long rateLimitRemainingNanos(long nowNanos) {
    if (!rateLimited) {
      return 0;
    }
    long left = rateLimitedUntil - nowNanos;
    return Math.max(0, left);
  }
}
