package io.infer4j.internal.router;

import io.infer4j.spi.BackendHealth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The router's health from its members': up while at least one member is eligible, that is its
 * circuit is not open, no rate limit makes the router skip it, and its own health is up. Details:
 * {@code members} and {@code eligible} (counts), then per member, under its name: {@code state}
 * ({@code up}, {@code down}, {@code closed}: its own health), {@code circuit_state} ({@code
 * closed}, {@code open}, {@code half_open}), {@code rate_limited}, {@code rate_limited_for_ms}
 * while it is, {@code eligible}, and the member's own details. A half-open member counts as
 * eligible: it admits a trial request. Reads only what the router keeps; no I/O.
 */
final class RouterHealth {

  private RouterHealth() {}

  static BackendHealth of(List<Member> members, long nowNanos) {
    Map<String, Object> perMember = new LinkedHashMap<>();
    List<String> why = new ArrayList<>();
    int eligible = 0;
    boolean allClosed = !members.isEmpty();
    for (Member m : members) {
      BackendHealth own = healthOf(m);
      CircuitBreaker.State circuit = m.breaker().state(nowNanos);
      long limitedNanos = m.rateLimitRemainingNanos(nowNanos);
      boolean ok = own.isUp() && circuit != CircuitBreaker.State.OPEN && limitedNanos == 0;
      if (ok) {
        eligible++;
      } else {
        why.add(m.name() + ": " + whyNot(own, circuit, limitedNanos));
      }
      allClosed &= !own.isLive();
      String p = m.name() + ".";
      perMember.put(p + "state", own.state().name().toLowerCase(Locale.ROOT));
      perMember.put(p + "circuit_state", circuit.name().toLowerCase(Locale.ROOT));
      perMember.put(p + "rate_limited", limitedNanos > 0);
      if (limitedNanos > 0) {
        perMember.put(p + "rate_limited_for_ms", millisUp(limitedNanos));
      }
      perMember.put(p + "eligible", ok);
      own.details().forEach((k, v) -> perMember.putIfAbsent(p + k, v));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    BackendHealth.State state;
    if (eligible > 0) {
      state = BackendHealth.State.UP;
    } else {
      state = allClosed ? BackendHealth.State.CLOSED : BackendHealth.State.DOWN;
      details.put(BackendHealth.REASON, members.isEmpty() ? "no members"
          : "no member is eligible: " + String.join("; ", why));
    }
    details.put("members", (long) members.size());
    details.put("eligible", (long) eligible);
    details.putAll(perMember);
    return new BackendHealth(state, details);
  }

  private static BackendHealth healthOf(Member m) {
    try {
      BackendHealth h = m.backend().health();
      return h != null ? h : BackendHealth.down("health() returned null");
    } catch (RuntimeException e) {
      return BackendHealth.down("health() failed: " + e);
    }
  }

  private static String whyNot(BackendHealth own, CircuitBreaker.State circuit, long limitedNanos) {
    List<String> parts = new ArrayList<>();
    if (!own.isUp()) {
      parts.add(own.state().name().toLowerCase(Locale.ROOT) + " (" + own.reason().orElse("") + ")");
    }
    if (circuit == CircuitBreaker.State.OPEN) {
      parts.add("circuit open");
    }
    if (limitedNanos > 0) {
      parts.add("rate limited for " + millisUp(limitedNanos) + " ms");
    }
    return String.join(", ", parts);
  }

  private static long millisUp(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
  }
}
