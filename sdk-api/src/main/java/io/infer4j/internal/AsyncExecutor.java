package io.infer4j.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for {@code generateAsync}: a cached pool of daemon threads, so an application that
 * forgets to close a client still exits. Not API.
 */
final class AsyncExecutor {

  private static final AtomicInteger COUNT = new AtomicInteger();

  static final ExecutorService POOL = Executors.newCachedThreadPool(daemonThreads());

  private AsyncExecutor() {}

  private static ThreadFactory daemonThreads() {
    return runnable -> {
      Thread t = new Thread(runnable, "infer4j-async-" + COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
