package io.infer4j.remote.internal;

/**
 * Samples, every 20 ms, how many live threads have names starting with a prefix, and keeps the
 * peak. Stops on {@link #stop()}, or by itself after a minute.
 */
final class ThreadCount {

  private final String prefix;
  private final Thread sampler;
  private volatile int peak;

  private ThreadCount(String prefix) {
    this.prefix = prefix;
    this.sampler = new Thread(this::sample, "thread-count");
    sampler.setDaemon(true);
  }

  static ThreadCount named(String prefix) {
    ThreadCount c = new ThreadCount(prefix);
    c.sampler.start();
    return c;
  }

  private void sample() {
    long end = System.nanoTime() + 60_000_000_000L;
    while (!Thread.currentThread().isInterrupted() && System.nanoTime() - end < 0) {
      int n = (int) Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
      peak = Math.max(peak, n);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The peak so far. */
  int peak() {
    return peak;
  }

  /** Stops sampling; returns the peak. */
  int stop() throws InterruptedException {
    sampler.interrupt();
    sampler.join(1_000);
    return peak;
  }
}
