package io.infer4j.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for {@code generateAsync} without an executor: a bounded pool shared by every client.
 * At most {@link #THREADS} requests run at once, each blocking one thread until its answer is
 * complete or its deadline passes; up to {@link #QUEUED} more wait in line (a waiting request
 * whose deadline passes fails at that moment and leaves the line); beyond that, a request fails
 * at once, retryably, with a message naming these limits. Idle threads end after {@link
 * #KEEP_ALIVE_MS}; they are daemon threads, so an application that forgets to close a client still
 * exits. Not API.
 */
final class AsyncExecutor {

  /** Requests running at once. */
  static final int THREADS = 64;
  /** Requests waiting for a thread. */
  static final int QUEUED = 1024;
  /** Idle time after which a thread ends, in milliseconds. */
  static final long KEEP_ALIVE_MS = 5_000;
  /** Name of the pool's threads (a number follows). */
  static final String THREAD_NAME = "infer4j-async-";

  static final ThreadPoolExecutor POOL = create(THREADS, QUEUED, KEEP_ALIVE_MS);

  private AsyncExecutor() {}

  /** A pool of {@code threads} daemon threads and a line of {@code queued} requests. */
  static ThreadPoolExecutor create(int threads, int queued, long keepAliveMillis) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        threads, threads, keepAliveMillis, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(queued), daemonThreads(), (task, full) -> {
          throw new RejectedExecutionException("generateAsync's default executor is full: "
              + threads + " requests running and " + queued + " waiting; pass an executor sized"
              + " for this load to generateAsync(request, executor)");
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, THREAD_NAME + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
