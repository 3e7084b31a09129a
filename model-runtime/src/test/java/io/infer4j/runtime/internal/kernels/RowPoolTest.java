package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared crew covers every row exactly once, in grain-aligned chunks, reports failures after
 * the chunks in flight, serves nested and concurrent callers, and keeps no finished task.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RowPoolTest {

  @Test
  void everyRowIsRunExactlyOnceForAwkwardCountsAndGrains() {
    int[][] cases = {
      {0, 16}, {1, 16}, {15, 16}, {17, 16}, {1000, 16}, {7, 1}, {2, 1}, {333, 5}, {32000, 16}
    };
    for (int[] c : cases) {
      int rows = c[0];
      int grain = c[1];
      AtomicIntegerArray hits = new AtomicIntegerArray(rows);
      RowPool.forRows(
          rows,
          grain,
          (from, to) -> {
            assertEquals(0, from % grain, "chunk starts at a multiple of the grain");
            for (int i = from; i < to; i++) {
              hits.incrementAndGet(i);
            }
          });
      for (int i = 0; i < rows; i++) {
        assertEquals(1, hits.get(i), rows + " rows, grain " + grain + ": row " + i);
      }
    }
  }

  /**
   * Guided chunks: ordered by their first row, each is at most the one before it (the last may be
   * cut short by the range's end), the first takes a quarter or less of the rows for two threads,
   * and the last whole ones are the smallest chunk, far below the first.
   */
  @Test
  void chunksShrinkAsTheRangeRunsOut() {
    int rows = 32_000;
    int grain = 16;
    List<int[]> chunks = java.util.Collections.synchronizedList(new ArrayList<>());
    RowPool.forRows(rows, grain, (from, to) -> chunks.add(new int[] {from, to}));
    if (RowPool.THREADS == 1) {
      assertEquals(1, chunks.size(), "one thread runs the range as one chunk");
      return;
    }
    List<int[]> sorted = new ArrayList<>(chunks);
    sorted.sort(java.util.Comparator.comparingInt(c -> c[0]));
    int first = sorted.get(0)[1] - sorted.get(0)[0];
    assertTrue(first <= rows / (2 * RowPool.THREADS) + grain, "first chunk " + first);
    int smallest = Math.max(grain,
        rows / grain / (RowPool.THREADS * RowPool.MIN_CHUNKS_PER_THREAD) * grain);
    for (int i = 1; i < sorted.size(); i++) {
      int size = sorted.get(i)[1] - sorted.get(i)[0];
      int before = sorted.get(i - 1)[1] - sorted.get(i - 1)[0];
      assertEquals(sorted.get(i - 1)[1], sorted.get(i)[0], "chunks follow each other");
      assertTrue(size <= before, "chunk " + i + ": " + size + " rows after " + before);
      assertTrue(size >= smallest || sorted.get(i)[1] == rows, "chunk " + i + ": " + size);
    }
    int[] last = sorted.get(sorted.size() - 2); // the last whole one
    assertEquals(smallest, last[1] - last[0]);
  }

  @Test
  void forRowsOfRunsEveryRowOfEveryRangeOnceFromMultiplesOfTheGrain() {
    int[][] cases = {{0}, {1}, {17, 0, 5}, {256, 256, 2048}, {1000, 333}, {15, 1, 16, 17}};
    for (int grain : new int[] {1, 5, 16}) {
      for (int[] rows : cases) {
        AtomicIntegerArray[] hits = new AtomicIntegerArray[rows.length];
        RowPool.RowTask[] tasks = new RowPool.RowTask[rows.length];
        for (int j = 0; j < rows.length; j++) {
          AtomicIntegerArray h = hits[j] = new AtomicIntegerArray(rows[j]);
          int count = rows[j];
          tasks[j] = (from, to) -> {
            assertEquals(0, from % grain, "chunk starts at a multiple of the grain");
            assertTrue(from < to && to <= count, "[" + from + ", " + to + ") in " + count);
            for (int i = from; i < to; i++) {
              h.incrementAndGet(i);
            }
          };
        }
        RowPool.forRowsOf(rows, grain, tasks);
        for (int j = 0; j < rows.length; j++) {
          for (int i = 0; i < rows[j]; i++) {
            assertEquals(1, hits[j].get(i), "grain " + grain + ", range " + j + ", row " + i);
          }
        }
      }
    }
  }

  @Test
  void forRowsOfRefusesMismatchedOrNegativeArgumentsByName() {
    RowPool.RowTask none = (from, to) -> {};
    assertEquals("forRowsOf needs one task per range and grain >= 1, got 2 ranges, 1 tasks,"
            + " grain = 16",
        assertThrows(IllegalArgumentException.class,
            () -> RowPool.forRowsOf(new int[] {1, 2}, 16, new RowPool.RowTask[] {none}))
            .getMessage());
    assertEquals("forRowsOf: range 1 has -3 rows",
        assertThrows(IllegalArgumentException.class,
            () -> RowPool.forRowsOf(new int[] {1, -3}, 16, new RowPool.RowTask[] {none, none}))
            .getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> RowPool.forRowsOf(new int[] {1}, 0, new RowPool.RowTask[] {none}));
  }

  @Test
  void writesOfEveryChunkAreVisibleWhenForRowsReturns() {
    int rows = 4096;
    for (int round = 0; round < 200; round++) {
      int[] out = new int[rows]; // plain array: forRows' return must publish the writes
      int value = round + 1;
      RowPool.forRows(
          rows,
          16,
          (from, to) -> {
            for (int i = from; i < to; i++) {
              out[i] = value;
            }
          });
      for (int i = 0; i < rows; i++) {
        assertEquals(value, out[i], "round " + round + ", row " + i);
      }
    }
  }

  @Test
  void anExceptionInAChunkReachesTheCallerAfterTheChunksInFlight() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger runningAfterReturn = new AtomicInteger(-1);
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                RowPool.forRows(
                    64,
                    1,
                    (from, to) -> {
                      running.incrementAndGet();
                      try {
                        Thread.sleep(2);
                        throw new IllegalStateException("chunk " + from);
                      } catch (InterruptedException ie) {
                        throw new AssertionError(ie);
                      } finally {
                        running.decrementAndGet();
                      }
                    }));
    runningAfterReturn.set(running.get());
    Throwable cause = e instanceof CompletionException ? e.getCause() : e;
    assertTrue(cause instanceof IllegalStateException, String.valueOf(cause));
    assertEquals(0, runningAfterReturn.get(), "no chunk still runs once forRows has thrown");
    AtomicInteger rowsRun = new AtomicInteger(); // the crew still works after a failure
    RowPool.forRows(1000, 16, (from, to) -> rowsRun.addAndGet(to - from));
    assertEquals(1000, rowsRun.get());
  }

  @Test
  void aTaskThatCallsForRowsRunsItsInnerRangeToo() {
    AtomicIntegerArray hits = new AtomicIntegerArray(64 * 64);
    RowPool.forRows(
        64,
        1,
        (from, to) -> {
          for (int outer = from; outer < to; outer++) {
            int base = outer * 64;
            RowPool.forRows(64, 1, (a, b) -> {
              for (int i = a; i < b; i++) {
                hits.incrementAndGet(base + i);
              }
            });
          }
        });
    for (int i = 0; i < hits.length(); i++) {
      assertEquals(1, hits.get(i), "cell " + i);
    }
  }

  @Test
  void concurrentCallersEachGetTheirWholeRange() throws Exception {
    int callers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<long[]>> sums = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        int rows = 2000 + 37 * c;
        sums.add(pool.submit(() -> {
          long[] total = new long[1];
          for (int round = 0; round < 100; round++) {
            AtomicInteger covered = new AtomicInteger();
            RowPool.forRows(rows, 16, (from, to) -> covered.addAndGet(to - from));
            total[0] += covered.get();
          }
          return new long[] {rows, total[0]};
        }));
      }
      for (Future<long[]> f : sums) {
        long[] r = f.get(30, TimeUnit.SECONDS);
        assertEquals(r[0] * 100, r[1], "caller with " + r[0] + " rows");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFinishedTaskIsNotHeldByTheCrew() throws Exception {
    for (int round = 0; round < 5; round++) {
      WeakReference<Object> held = runAndForget();
      for (int i = 0; i < 50 && held.get() != null; i++) {
        System.gc();
        Thread.sleep(10);
      }
      assertTrue(held.get() == null, "round " + round + ": the task's captured state is "
          + "collectable after forRows returns");
    }
  }

  /** A range whose chunks sleep, so that the workers join it, and a weak reference to its state. */
  private static WeakReference<Object> runAndForget() {
    Object captured = new int[1 << 20];
    Set<String> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger seen = new AtomicInteger();
    RowPool.forRows(512, 16, (from, to) -> {
      threads.add(Thread.currentThread().getName());
      sleep(1);
      if (captured != null) {
        seen.addAndGet(to - from);
      }
    });
    assertEquals(512, seen.get());
    if (RowPool.THREADS > 1) {
      assertTrue(threads.size() > 1, "the workers joined the range: " + threads);
    }
    assertSame(int[].class, captured.getClass());
    return new WeakReference<>(captured);
  }

  @Test
  void anInterruptATaskLeavesOnAWorkerDoesNotReachTheNextTasks() {
    String caller = Thread.currentThread().getName();
    RowPool.forRows(512, 16, (from, to) -> {
      sleep(1);
      if (!Thread.currentThread().getName().equals(caller)) {
        Thread.currentThread().interrupt(); // the usual "restore the interrupt" of a task
      }
    });
    sleep(5); // past the workers' polling: they park, and must really park
    Set<String> interrupted = ConcurrentHashMap.newKeySet();
    RowPool.forRows(512, 16, (from, to) -> {
      if (Thread.currentThread().isInterrupted()) {
        interrupted.add(Thread.currentThread().getName());
      }
      sleep(1);
    });
    assertTrue(interrupted.isEmpty(), "workers still interrupted: " + interrupted);
  }

  @Test
  void aCheckedExceptionThrownByStealthArrivesWrapped() {
    Exception checked = new Exception("checked, thrown by stealth");
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () -> RowPool.forRows(4096, 16, (from, to) -> RowPoolTest.<RuntimeException>sneaky(
                checked)));
    assertSame(checked, e.getCause());
  }

  @Test
  void badArgumentsAreRefusedByName() {
    IllegalArgumentException grain =
        assertThrows(IllegalArgumentException.class, () -> RowPool.forRows(10, 0, (a, b) -> {}));
    assertTrue(grain.getMessage().contains("grain = 0"), grain.getMessage());
    IllegalArgumentException rows =
        assertThrows(IllegalArgumentException.class, () -> RowPool.forRows(-1, 16, (a, b) -> {}));
    assertTrue(rows.getMessage().contains("rows = -1"), rows.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
