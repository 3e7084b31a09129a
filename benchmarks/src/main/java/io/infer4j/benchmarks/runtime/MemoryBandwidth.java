package io.infer4j.benchmarks.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The machine's streaming-read bandwidth: {@code threads} threads each sum the longs of their part
 * of an off-heap buffer much larger than the caches; the best of several passes counts. The sum
 * is returned so the reads cannot be optimized away. Single-use; not thread-safe.
 */
final class MemoryBandwidth {
  private MemoryBandwidth() {}

  /** Bytes per second read by {@code threads} threads over a {@code bytes}-byte buffer. */
  static double measure(long bytes, int threads, int passes) throws Exception {
    try (Arena arena = Arena.ofShared();
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      MemorySegment buf = arena.allocate(bytes, 4096);
      buf.fill((byte) 1); // touch every page before timing
      long part = bytes / threads / 64 * 64;
      double best = 0;
      long sink = 0;
      for (int p = 0; p < passes; p++) {
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          long from = t * part;
          tasks.add(() -> sum(buf, from, from + part));
        }
        long start = System.nanoTime();
        for (Future<Long> f : pool.invokeAll(tasks)) {
          sink += f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        best = Math.max(best, part * threads / seconds);
      }
      if (sink == 42) {
        System.err.print(""); // keeps sink alive
      }
      return best;
    }
  }

  /** Sum of the longs in {@code [from, to)}, four independent accumulators (auto-vectorized). */
  private static long sum(MemorySegment buf, long from, long to) {
    long a = 0;
    long b = 0;
    long c = 0;
    long d = 0;
    for (long i = from; i < to; i += 32) {
      a += buf.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
      b += buf.get(ValueLayout.JAVA_LONG_UNALIGNED, i + 8);
      c += buf.get(ValueLayout.JAVA_LONG_UNALIGNED, i + 16);
      d += buf.get(ValueLayout.JAVA_LONG_UNALIGNED, i + 24);
    }
    return a + b + c + d;
  }
}
