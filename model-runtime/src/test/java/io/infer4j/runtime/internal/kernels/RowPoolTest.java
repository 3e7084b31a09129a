package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The shared pool covers every row exactly once, in grain-aligned slices, and reports failures. */
class RowPoolTest {

  @Test
  void everyRowIsRunExactlyOnceForAwkwardCountsAndGrains() {
    int[][] cases = {{1, 16}, {15, 16}, {17, 16}, {1000, 16}, {7, 1}, {2, 1}, {333, 5}};
    for (int[] c : cases) {
      int rows = c[0];
      int grain = c[1];
      AtomicIntegerArray hits = new AtomicIntegerArray(rows);
      RowPool.forRows(
          rows,
          grain,
          (from, to) -> {
            assertEquals(0, from % grain, "slice starts at a multiple of the grain");
            for (int i = from; i < to; i++) {
              hits.incrementAndGet(i);
            }
          });
      for (int i = 0; i < rows; i++) {
        assertEquals(1, hits.get(i), rows + " rows, grain " + grain + ": row " + i);
      }
    }
  }

  @Test
  void anExceptionInASliceReachesTheCaller() {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                RowPool.forRows(
                    64,
                    1,
                    (from, to) -> {
                      throw new IllegalStateException("slice " + from);
                    }));
    Throwable cause = e instanceof CompletionException ? e.getCause() : e;
    assertTrue(cause instanceof IllegalStateException, String.valueOf(cause));
  }
}
