package io.infer4j.runtime.internal.kernels;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A process-wide crew of threads that share out a range of rows: the calling thread and {@code
 * threads - 1} daemon workers take chunks (whole multiples of the caller's grain) in turn until none
 * is left, so a worker that starts late takes fewer chunks instead of holding the caller back.
 * Chunks shrink as the range runs out (guided self-scheduling: each takes a share of what is left,
 * {@code 1 / (2 * threads)}, down to {@link #MIN_CHUNKS_PER_THREAD}'s size), so the range starts
 * with few hand-outs and the last chunks, which leave the other threads waiting, are short. Idle
 * workers poll for the next range for {@link #SPIN_NANOS} before they park: a decode step runs a
 * few hundred short matrix products back to back, and waking a parked thread costs tens of
 * microseconds on a virtual machine. Thread count: system property {@code infer4j.kernel.threads},
 * else the available processors.
 *
 * <p>Thread-safe. One range runs on the crew at a time; a caller that finds the crew busy (another
 * thread's range, or a task that itself calls {@link #forRows}) runs its range on its own thread.
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

  /**
   * The smallest chunk is a range's rows over {@code threads} times this (or one grain): small
   * enough that the last chunk to finish leaves the others idle for a small share of the range,
   * large enough that a task's per-call set-up (scratch rows, a panel) stays small against its
   * rows. With equal chunks, 8 a thread, the two threads of a Q8_0 decode step waited at the ends of
   * its ranges for 7.2% of the time in ranges (caller 4.2%, worker 3.0%); with these, 2.6-3.9%
   * (2026-12-06, benchmarks/README.md, "Q8_0 groups the size of the file").
   */
  static final int MIN_CHUNKS_PER_THREAD = 32;

  /** How long an idle worker polls for the next range before it parks: 1 ms. */
  static final long SPIN_NANOS = 1_000_000;

  private static final Crew CREW = THREADS == 1 ? null : new Crew(THREADS - 1);

  private RowPool() {}

  /**
   * Runs {@code task} over {@code [0, rows)} in chunks whose starts are multiples of {@code grain};
   * returns when all are done. The first exception a chunk throws is rethrown here once every
   * chunk already taken has finished (chunks not yet taken are skipped); a checked one, which a
   * task can only throw by stealth, arrives wrapped in a {@link CompletionException}.
   *
   * @throws IllegalArgumentException if {@code rows} is negative or {@code grain} is not positive
   */
  public static void forRows(int rows, int grain, RowTask task) {
    if (rows < 0 || grain < 1) {
      throw new IllegalArgumentException(
          "forRows needs rows >= 0 and grain >= 1, got rows = " + rows + ", grain = " + grain);
    }
    if (rows == 0) {
      return;
    }
    long grains = (rows + (long) grain - 1) / grain;
    int minGrains = (int) Math.max(1, grains / ((long) THREADS * MIN_CHUNKS_PER_THREAD));
    if (grains <= minGrains || CREW == null) {
      runHere(task, rows);
      return;
    }
    Range range = new Range(task, rows, grain, minGrains); // before the crew is taken: may throw
    if (!CREW.busy.compareAndSet(false, true)) {
      runHere(task, rows);
      return;
    }
    try {
      CREW.start(range);
      range.work();
      range.awaitDone();
    } finally {
      CREW.finish();
    }
    range.rethrow();
  }

  /** The whole range on this thread, failures reported as {@link #forRows} reports them. */
  private static void runHere(RowTask task, int rows) {
    try {
      task.run(0, rows);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) { // a checked exception thrown by stealth
      throw new CompletionException(t);
    }
  }

  /**
   * Runs {@code tasks[j]} over {@code [0, rows[j])} for every {@code j}, all in one {@link
   * #forRows}: the ranges are laid end to end, each from a multiple of {@code grain}, so every
   * chunk a task gets starts at a multiple of {@code grain} of its own range, and a chunk that
   * reaches across two ranges runs a part of each. One hand-out and one wait for several matrices
   * that read the same input, where separate calls would each end with the threads waiting on
   * the slowest chunk. Failures as in {@link #forRows}.
   *
   * @throws IllegalArgumentException if the arrays differ in length, a count is negative or
   *     {@code grain} is not positive
   */
  public static void forRowsOf(int[] rows, int grain, RowTask[] tasks) {
    if (rows.length != tasks.length || grain < 1) {
      throw new IllegalArgumentException("forRowsOf needs one task per range and grain >= 1, got "
          + rows.length + " ranges, " + tasks.length + " tasks, grain = " + grain);
    }
    long[] starts = new long[rows.length + 1];
    for (int j = 0; j < rows.length; j++) {
      if (rows[j] < 0) {
        throw new IllegalArgumentException("forRowsOf: range " + j + " has " + rows[j] + " rows");
      }
      starts[j + 1] = starts[j] + (rows[j] + (long) grain - 1) / grain * grain;
    }
    if (starts[rows.length] > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("forRowsOf: " + starts[rows.length] + " rows in all");
    }
    forRows((int) starts[rows.length], grain, (from, to) -> {
      for (int j = 0; j < rows.length; j++) {
        int a = (int) Math.max(from, starts[j]);
        int b = (int) Math.min(to, starts[j] + rows[j]);
        if (a < b) {
          tasks[j].run(a - (int) starts[j], b - (int) starts[j]);
        }
      }
    });
  }

  /** One call's rows: chunks handed out from a shared start row, finished rows counted. */
  private static final class Range {
    private static final AtomicLong IDS = new AtomicLong();
    final long id = IDS.incrementAndGet();
    private final RowTask task;
    private final int rows;
    private final int grain;
    private final long grains;
    private final int minGrains;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Range(RowTask task, int rows, int grain, int minGrains) {
      this.task = task;
      this.rows = rows;
      this.grain = grain;
      this.grains = (rows + (long) grain - 1) / grain;
      this.minGrains = minGrains;
    }

    /**
     * The rows of the chunk that starts at row {@code from} (a multiple of the grain below {@code
     * rows}): {@code 1 / (2 * threads)} of the grains left, at least {@code minGrains}.
     */
    int chunkAt(int from) {
      long left = grains - from / grain;
      long take = Math.max(minGrains, left / (2L * THREADS));
      return (int) Math.min(rows - from, take * grain);
    }

    /** Takes and runs chunks until none is left; any thread may call it. */
    void work() {
      while (true) {
        int from = next.get();
        if (from >= rows) {
          return;
        }
        int size = chunkAt(from);
        if (!next.compareAndSet(from, from + size)) {
          continue;
        }
        try {
          if (failure.get() == null) {
            task.run(from, from + size);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          finished.addAndGet(size); // publishes the chunk's writes to the caller
        }
      }
    }

    /** Waits (polling, then yielding) until every row has finished. */
    void awaitDone() {
      for (int polls = 0; finished.get() < rows; polls++) {
        if (polls < 10_000) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
    }

    void rethrow() {
      Throwable t = failure.get();
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t != null) {
        throw new CompletionException(t);
      }
    }
  }

  /** The daemon workers and the range they are to join. */
  private static final class Crew {
    final AtomicBoolean busy = new AtomicBoolean();
    private final Worker[] workers;
    private volatile Range current;

    Crew(int size) {
      workers = new Worker[size];
      for (int i = 0; i < size; i++) {
        workers[i] = new Worker(this);
        Thread t = new Thread(workers[i]::loop, "infer4j-kernel-" + (i + 1));
        t.setDaemon(true);
        workers[i].thread = t;
        t.start();
      }
    }

    /** Publishes {@code range}, then wakes the workers that parked. */
    void start(Range range) {
      current = range;
      for (Worker w : workers) {
        if (w.parked) { // read after the write of current: a worker either sees it or is woken
          LockSupport.unpark(w.thread);
        }
      }
    }

    /** Lets go of the finished range (and what its task holds), then frees the crew. */
    void finish() {
      current = null;
      busy.set(false);
    }
  }

  private static final class Worker {
    private final Crew crew;
    volatile Thread thread;
    volatile boolean parked;

    Worker(Crew crew) {
      this.crew = crew;
    }

    void loop() {
      long done = 0;
      while (true) {
        done = runNext(done);
      }
    }

    /**
     * Waits for the next range, runs chunks of it, returns its id. A method of its own so that no
     * frame of the worker keeps a finished range (and what its task holds) while it waits; a
     * task's interrupt is cleared here, so it neither reaches the next task nor keeps {@link
     * LockSupport#park} from parking.
     */
    private long runNext(long done) {
      Range r = awaitRange(done);
      r.work();
      Thread.interrupted();
      return r.id;
    }

    /**
     * The first range whose id is not {@code done}: polled for {@link #SPIN_NANOS}, then parked
     * for.
     */
    private Range awaitRange(long done) {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      while (true) {
        Range r = newRange(done);
        if (r != null) {
          return r;
        }
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
          continue;
        }
        parked = true; // written before current is read again: see Crew.start
        if (newRange(done) == null) {
          Thread.interrupted(); // a pending interrupt would make park return at once
          LockSupport.park(this);
        }
        parked = false;
        spinUntil = System.nanoTime() + SPIN_NANOS;
      }
    }

    /** The crew's current range if it is not {@code done}, else null. */
    private Range newRange(long done) {
      Range r = crew.current;
      return r != null && r.id != done ? r : null;
    }
  }
}
