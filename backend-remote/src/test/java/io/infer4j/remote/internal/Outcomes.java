package io.infer4j.remote.internal;

import io.infer4j.DeadlineExceededException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * How each of a load test's requests ended: when its {@link DeadlineExceededException} arrived
 * relative to its deadline, or what else happened to it. Each request is recorded by one thread,
 * without a lock (a lock would delay the very times measured); the results are read after every
 * request ended or the wait for them gave up (a happens-before edge: a latch, a thread's end).
 */
final class Outcomes {

  private static final long NONE = Long.MIN_VALUE;

  private final long[] lateNanos;
  private final String[] others;

  Outcomes(int requests) {
    lateNanos = new long[requests];
    others = new String[requests];
    Arrays.fill(lateNanos, NONE);
  }

  /** Request {@code i}, due at {@code deadlineAt} ({@link System#nanoTime}), ended now with {@code e}. */
  void ended(int i, long deadlineAt, Throwable e) {
    long now = System.nanoTime();
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof DeadlineExceededException) {
      lateNanos[i] = now - deadlineAt;
    } else {
      others[i] = String.valueOf(cause);
    }
  }

  /** The requests that did not end with their deadline: never ended, or with another outcome. */
  List<String> lost() {
    List<String> lost = new ArrayList<>();
    for (int i = 0; i < lateNanos.length; i++) {
      if (lateNanos[i] == NONE) {
        lost.add("request " + i + ": " + (others[i] != null ? others[i] : "no outcome in time"));
      }
    }
    return lost;
  }

  /** The {@code q} quantile (1: the maximum) of how late the deadline exceptions came, in ms. */
  long lateMillis(double q) {
    long[] seen = Arrays.stream(lateNanos).filter(n -> n != NONE).sorted().toArray();
    if (seen.length == 0) {
      return 0;
    }
    int at = Math.min(seen.length - 1, (int) Math.ceil(q * seen.length) - 1);
    return TimeUnit.NANOSECONDS.toMillis(seen[Math.max(0, at)]);
  }
}
