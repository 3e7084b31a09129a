package io.infer4j.runtime.internal.kernels;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A process-wide pool that splits a range of rows into one contiguous slice per thread: the
 * calling thread runs the first slice, {@code threads - 1} daemon workers run the others. Created
 * once (no thread per call). Thread count: system property {@code infer4j.kernel.threads}, else the
 * available processors. Thread-safe: concurrent callers queue their slices; workers never wait.
 */
public final class RowPool {
  /** Rows for a range of {@code [from, to)}. */
  @FunctionalInterface
  public interface RowTask {
    /** Runs rows {@code [from, to)}. */
    void run(int from, int to);
  }

  static final int THREADS =
      Math.max(
          1,
          Integer.getInteger(
              "infer4j.kernel.threads", Runtime.getRuntime().availableProcessors()));

  private static final ExecutorService WORKERS =
      THREADS == 1
          ? null
          : Executors.newFixedThreadPool(
              THREADS - 1,
              r -> {
                Thread t = new Thread(r, "infer4j-kernel");
                t.setDaemon(true);
                return t;
              });

  private RowPool() {}

  /**
   * Runs {@code task} over {@code [0, rows)} split into at most {@link #THREADS} slices whose
   * starts are multiples of {@code grain}; returns when all are done. A task's exception is
   * rethrown here, wrapped in a {@link java.util.concurrent.CompletionException} when a worker ran it.
   */
  public static void forRows(int rows, int grain, RowTask task) {
    int slices = Math.min(THREADS, (rows + grain - 1) / grain);
    if (slices <= 1) {
      task.run(0, rows);
      return;
    }
    int grains = (rows + grain - 1) / grain;
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] others = new CompletableFuture[slices - 1];
    for (int s = 1; s < slices; s++) {
      int from = Math.min(rows, (int) ((long) grains * s / slices) * grain);
      int to = Math.min(rows, (int) ((long) grains * (s + 1) / slices) * grain);
      others[s - 1] = CompletableFuture.runAsync(() -> task.run(from, to), WORKERS);
    }
    task.run(0, Math.min(rows, (int) ((long) grains / slices) * grain));
    CompletableFuture.allOf(others).join();
  }
}
