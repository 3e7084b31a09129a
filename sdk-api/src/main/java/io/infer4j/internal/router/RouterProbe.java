package io.infer4j.internal.router;

import io.infer4j.InferenceRequest;
import io.infer4j.LatencyBudget;
import io.infer4j.internal.BackendCalls;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.PromptTokens;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Start-up probing ({@code infer4j.router.probe=on-start}): two tiny requests ({@value #PROMPT},
 * one output token), one after the other, to each member the router knows nothing about (no
 * estimate of its own, no configured prior, nothing learnt or restored), members all at once, each
 * request bounded by {@code probe-timeout}. The first only warms the path up (class loading, the
 * HTTP client, connection and TLS set-up: in a fresh JVM it took 480-530 ms against a 5 ms
 * loopback server); the second's time to first token becomes that member's first observation,
 * marked as a probe in the decision's notes. A probe is not a user's request: it spends no request's budget,
 * and a probe that fails or times out teaches nothing (it does not count as a failure). Off by
 * default: a probe is two real requests to each remote service (billed, a few tokens), sent when
 * the application starts whether or not it will route anything.
 *
 * <p>Thread-safe; {@link #close()} ends probes still running (their generations are closed).
 */
final class RouterProbe implements AutoCloseable {
  static final String PROMPT = "hi";
  private static final System.Logger LOG = System.getLogger("io.infer4j.router");

  private final List<Generation> running = new ArrayList<>(); // guarded by this
  private final CountDownLatch done;
  private boolean closed; // guarded by this

  private RouterProbe(int count) {
    this.done = new CountDownLatch(count);
  }

  /**
   * Probes the members that need it on {@code executor} (one task each) and returns at once.
   *
   * @param timeout the most a probe may take
   */
  static RouterProbe start(List<Member> members, Duration timeout, LongSupplier nanoClock,
      Executor executor) {
    InferenceRequest probe = InferenceRequest.builder().prompt(PROMPT).maxTokens(1).build();
    List<Member> unknown = new ArrayList<>();
    long now = nanoClock.getAsLong();
    for (Member m : members) {
      if (needsProbe(m, probe, now)) {
        unknown.add(m);
      }
    }
    RouterProbe p = new RouterProbe(unknown.size());
    for (Member m : unknown) {
      executor.execute(() -> p.probe(m, probe, timeout, nanoClock));
    }
    return p;
  }

  private static boolean needsProbe(Member m, InferenceRequest probe, long now) {
    Optional<?> estimate;
    try {
      estimate = m.backend().estimate(probe);
    } catch (RuntimeException e) {
      estimate = Optional.empty();
    }
    return (estimate == null || estimate.isEmpty()) && m.profile().priorTimeToFirstToken() == null
        && m.stats().predict(m.profile(), 1, 1, 0.5, now).isEmpty();
  }

  private void probe(Member m, InferenceRequest request, Duration timeout, LongSupplier clock) {
    try {
      firstTokenNanos(m, request, timeout, clock); // warm-up: not measured
      long ttft = firstTokenNanos(m, request, timeout, clock);
      if (ttft < 0) {
        return; // closed meanwhile
      }
      long now = clock.getAsLong();
      m.stats().recordProbe(ttft, PromptTokens.estimate(request), now);
      LOG.log(System.Logger.Level.DEBUG, () -> "router probe of " + m.name() + ": first token after "
          + TimeUnit.NANOSECONDS.toMillis(ttft) + " ms");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.INFO, "router probe of " + m.name() + " taught nothing: "
          + e.getMessage());
    } finally {
      done.countDown();
    }
  }

  /**
   * Sends one probe request and waits for its first token: the time it took, or -1 when the probe
   * was closed first.
   *
   * @throws RuntimeException what the backend threw
   */
  private long firstTokenNanos(Member m, InferenceRequest request, Duration timeout,
      LongSupplier clock) {
    Generation g = null;
    try {
      synchronized (this) {
        if (closed) {
          return -1;
        }
      }
      Deadline deadline = Deadline.start(LatencyBudget.ofTotal(timeout), clock, Clock.systemUTC());
      long t0 = clock.getAsLong();
      g = m.backend().start(request, deadline);
      synchronized (this) {
        if (closed) {
          return -1;
        }
        running.add(g);
      }
      BackendCalls.next(g, m.name());
      return clock.getAsLong() - t0;
    } finally {
      if (g != null) {
        synchronized (this) {
          running.remove(g);
        }
        try {
          g.close();
        } catch (RuntimeException ignored) {
          // a probe's generation that fails to close changes nothing for the router
        }
      }
    }
  }

  /** Waits up to {@code timeout} for every probe to end; true when they all did. */
  boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Ends the probes still running. Idempotent. */
  @Override
  public void close() {
    List<Generation> open;
    synchronized (this) {
      closed = true;
      open = List.copyOf(running);
    }
    for (Generation g : open) {
      try {
        g.close();
      } catch (RuntimeException ignored) {
        // closing at shutdown: nothing to report to
      }
    }
  }
}
