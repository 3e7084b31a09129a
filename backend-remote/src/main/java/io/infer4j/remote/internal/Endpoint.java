package io.infer4j.remote.internal;

import io.infer4j.remote.EndpointStatus;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;

/**
 * One replica: its base URL, the requests in flight on it, and its failure streak. After {@code
 * ejectAfter} consecutive failures it is ejected until {@code ejectedUntilNanos}; after that it is
 * tried again, and one success clears the streak. Thread-safe (atomics).
 */
final class Endpoint {

  private final HttpUrl baseUrl;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicLong ejectedUntilNanos = new AtomicLong(Long.MIN_VALUE);

  Endpoint(HttpUrl baseUrl) {
    this.baseUrl = baseUrl;
  }

  HttpUrl baseUrl() {
    return baseUrl;
  }

  int outstanding() {
    return outstanding.get();
  }

  void acquire() {
    outstanding.incrementAndGet();
  }

  void release() {
    outstanding.decrementAndGet();
  }

  boolean isEjected(long nowNanos) {
    long until = ejectedUntilNanos.get();
    return until != Long.MIN_VALUE && nowNanos - until < 0;
  }

  long ejectedUntilNanos() {
    return ejectedUntilNanos.get();
  }

  void recordSuccess() {
    consecutiveFailures.set(0);
    ejectedUntilNanos.set(Long.MIN_VALUE);
  }

  void recordFailure(long nowNanos, int ejectAfter, long ejectForNanos) {
    if (consecutiveFailures.incrementAndGet() >= ejectAfter) {
      ejectedUntilNanos.set(nowNanos + ejectForNanos);
    }
  }

  EndpointStatus status(long nowNanos) {
    return new EndpointStatus(
        baseUrl.toString(), Math.max(0, outstanding.get()), consecutiveFailures.get(), isEjected(nowNanos));
  }
}
