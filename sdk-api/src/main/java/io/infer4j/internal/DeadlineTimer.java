package io.infer4j.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread that ends requests whose budget ran out (see {@link DeadlineWatch}). It is a
 * platform thread, so the operating system schedules it whatever the requests' own threads are
 * doing: a deadline does not wait for a busy virtual-thread scheduler to run the request's thread.
 *
 * <p>Its tasks only cancel and wake: they must be quick and must not block, since every request's
 * deadline goes through this one thread. A daemon thread that ends after {@link #KEEP_ALIVE_MS}
 * with nothing scheduled (a cancelled deadline is removed at once), and starts again with the
 * next one. Not API.
 */
public final class DeadlineTimer {

  /** Idle time after which the thread ends, in milliseconds. */
  static final long KEEP_ALIVE_MS = 2_000;
  /** Name of the timer's thread (a number follows). */
  static final String THREAD_NAME = "infer4j-deadline-timer-";

  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final ScheduledThreadPoolExecutor TIMER = create();

  private DeadlineTimer() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread t = new Thread(runnable, THREAD_NAME + COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    timer.setKeepAliveTime(KEEP_ALIVE_MS, TimeUnit.MILLISECONDS);
    // The last thread ends only once the queue is empty (ThreadPoolExecutor#getTask), so a
    // pending deadline always has a thread to run it.
    timer.allowCoreThreadTimeOut(true);
    return timer;
  }

  /** Runs {@code task} on the timer's thread after {@code delayNanos}. */
  static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return TIMER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code task} on the timer's thread after every deadline already due has been handled:
   * for the cleanup of expired requests that need not happen at the deadline itself (closing a
   * socket wakes the thread reading it; a burst of those as many deadlines pass at once would
   * compete with the threads the deadlines wake). The task must be quick and must not block.
   */
  public static void afterDueDeadlines(Runnable task) {
    // A task due now sorts after those due earlier (ScheduledThreadPoolExecutor orders by time).
    TIMER.schedule(task, 0, TimeUnit.NANOSECONDS);
  }

  /** Deadlines scheduled and not yet run or cancelled (for leak checks). */
  static int pending() {
    return TIMER.getQueue().size();
  }
}
