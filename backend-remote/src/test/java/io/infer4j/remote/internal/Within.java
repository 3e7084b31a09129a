package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.function.Executable;

/** Assertions that a failure is typed and arrived within the request's budget. */
final class Within {

  /** Scheduling slack allowed past a budget on a shared 2-core machine, in milliseconds. */
  static final long SLACK_MS = 150;

  private Within() {}

  static <T extends Throwable> T failsWith(Class<T> type, Duration budget, Executable call) {
    long t0 = System.nanoTime();
    T e = assertThrows(type, call);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms <= budget.toMillis() + SLACK_MS,
        type.getSimpleName() + " after " + ms + " ms, budget " + budget.toMillis() + " ms");
    return e;
  }

  /** After close: dispatcher threads stopped, no call in flight, no pooled connection left. */
  static void nothingLeaked(Remote remote) throws InterruptedException {
    remote.close();
    assertTrue(remote.backend.isTerminated(), "dispatcher threads stopped");
    assertEquals(0, remote.backend.callsInFlight(), "calls in flight");
    assertEquals(0, remote.backend.openConnections(), "pooled connections");
  }
}
