package io.infer4j.remote.internal;

import io.infer4j.remote.EndpointStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The replicas of one deployment, balanced by "power of two choices": pick two endpoints at random
 * among those in rotation and take the one with fewer requests outstanding. Endpoints that failed
 * {@code ejectAfter} times in a row leave the rotation for {@code ejectFor}; when all are out, the
 * one due back first is used anyway (better a likely failure than none). Thread-safe.
 */
final class EndpointPool {

  private final List<Endpoint> endpoints;
  private final int ejectAfter;
  private final long ejectForNanos;
  private final LongSupplier nanoClock;
  private volatile String lastFailure;

  EndpointPool(List<okhttp3.HttpUrl> urls, int ejectAfter, long ejectForNanos, LongSupplier nanoClock) {
    List<Endpoint> list = new ArrayList<>();
    urls.forEach(u -> list.add(new Endpoint(u)));
    this.endpoints = List.copyOf(list);
    this.ejectAfter = ejectAfter;
    this.ejectForNanos = ejectForNanos;
    this.nanoClock = nanoClock;
  }

  /**
   * Chooses an endpoint for the next attempt, avoiding {@code avoid} (the one that just failed)
   * when another is available. The caller must {@link Endpoint#acquire()} and release it.
   */
  Endpoint pick(Endpoint avoid) {
    if (endpoints.size() == 1) {
      return endpoints.get(0);
    }
    long now = nanoClock.getAsLong();
    List<Endpoint> candidates = new ArrayList<>(endpoints.size());
    for (Endpoint e : endpoints) {
      if (e != avoid && !e.isEjected(now)) {
        candidates.add(e);
      }
    }
    if (candidates.isEmpty() && avoid != null && !avoid.isEjected(now)) {
      candidates.add(avoid);
    }
    if (candidates.isEmpty()) {
      Endpoint soonest = endpoints.get(0);
      for (Endpoint e : endpoints) {
        if (e.ejectedUntilNanos() - soonest.ejectedUntilNanos() < 0) {
          soonest = e;
        }
      }
      return soonest;
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int i = r.nextInt(candidates.size());
    int j = r.nextInt(candidates.size() - 1);
    if (j >= i) {
      j++;
    }
    Endpoint a = candidates.get(i);
    Endpoint b = candidates.get(j);
    return b.outstanding() < a.outstanding() ? b : a;
  }

  void recordSuccess(Endpoint e) {
    e.recordSuccess();
  }

  /**
   * @param message what went wrong, already redacted (an error message of the {@link ErrorMapper}),
   *     kept as {@link #lastFailure()}
   */
  void recordFailure(Endpoint e, String message) {
    e.recordFailure(nanoClock.getAsLong(), ejectAfter, ejectForNanos);
    lastFailure = message;
  }

  /** The message of the last failed attempt on any endpoint, or null when none failed. */
  String lastFailure() {
    return lastFailure;
  }

  List<EndpointStatus> statuses() {
    long now = nanoClock.getAsLong();
    List<EndpointStatus> out = new ArrayList<>();
    endpoints.forEach(e -> out.add(e.status(now)));
    return List.copyOf(out);
  }
}
