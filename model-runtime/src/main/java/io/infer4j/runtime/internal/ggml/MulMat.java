package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.kernels.F16Rows;
import io.infer4j.runtime.internal.kernels.FiniteHalves;
import io.infer4j.runtime.internal.kernels.RowPool;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.util.stream.IntStream;

/**
 * {@code W (m,k) @ x[t] (k,) -> out[t] (m,)} for {@code t < n} tokens, with the arithmetic {@code
 * ggml_compute_forward_mul_mat} chooses on x86 AVX2 (llama.cpp b4916, built with llamafile):
 *
 * <ul>
 *   <li>block-quantized weights (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K): {@link
 *       QuantMulMat}, the activations quantized to the type's {@code vec_dot_type} first;
 *   <li>F16 weights: the activations rounded to fp16; tinyBLAS ({@link Dots#tiny}) when {@code n >=
 *       2}, {@code k % 8 == 0} and {@code m % 4 == 0}, else {@link Dots#vecF16} (where 512-bit
 *       vectors are native, {@link VectorDots#vecF16Row}, the row read in place);
 *   <li>F32 weights: tinyBLAS under the same conditions, else {@link Dots#vecF32};
 *   <li>other types (BF16): a stated limit, not llama.cpp's arithmetic: rows dequantized to float
 *       and {@link Dots#vecF32}.
 * </ul>
 *
 * Rows are spread over the common fork-join pool; each result element is computed by one thread
 * in a fixed order, so the result does not depend on the threads. Stateless.
 */
final class MulMat {
  private static final int ROWS_PER_TASK = 64;
  /**
   * Rows widened at a time for tinyBLAS's products: 16 rows of 2048 floats are 128 KiB (in L2),
   * while four tokens' activations, 32 KiB, stay in L1.
   */
  private static final int BLOCK_ROWS = 16;

  private MulMat() {}

  /** Whether ggml's tinyBLAS ({@code llamafile_sgemm}) takes an F32 or F16 product of this shape. */
  static boolean tinyBlas(int m, int n, int k) {
    return n >= 2 && k % 8 == 0 && m % 4 == 0;
  }

  static void mul(float[][] out, TensorView w, float[][] x, int n) {
    int m = w.rows();
    int k = w.cols();
    if (QuantMulMat.handles(w)) {
      QuantMulMat.mul(out, w, x, n);
      return;
    }
    boolean f16 = w.type() == GgmlType.F16;
    boolean tiny = (f16 || w.type() == GgmlType.F32) && tinyBlas(m, n, k);
    float[][] xs = x;
    if (f16) {
      xs = new float[n][k];
      for (int t = 0; t < n; t++) {
        Fp16.roundRow(x[t], xs[t], k);
      }
    }
    float[][] in = xs;
    // vec_dot_f16 (a token, or a shape tinyBLAS does not take): each row read in place and
    // widened in lanes (by the shift alone once FiniteHalves knows the matrix finite);
    // VectorChoice first, so that no vector class loads without the module
    if (f16 && !tiny && VectorChoice.ENABLED && WideLanes.NATIVE
        && w instanceof SegmentTensor halves) {
      java.lang.foreign.MemorySegment seg = halves.segment();
      long rowBytes = (long) k * Short.BYTES;
      float[][] scaled = FiniteHalves.known(w) ? scaledForFinite(in, n, k) : null;
      rows(m, (from, to) -> {
        float[] sums = new float[32];
        for (int r = from; r < to; r++) {
          for (int t = 0; t < n; t++) {
            out[t][r] = VectorDots.vecF16Row(seg, r * rowBytes, in[t],
                scaled == null ? null : scaled[t], k, sums);
          }
        }
      });
      if (scaled == null) { // every half widened exactly: finite results teach FiniteHalves
        FiniteHalves.learn(w, out[0]);
      }
      return;
    }
    if (tiny && VectorChoice.ENABLED) {
      rows(m, (from, to) -> tinyInBlocks(out, w, in, n, from, to));
      return;
    }
    rows(m, (from, to) -> {
      float[] row = new float[k];
      for (int r = from; r < to; r++) {
        w.readRow(r, row, 0);
        for (int t = 0; t < n; t++) {
          out[t][r] = tiny ? Dots.tiny(row, 0, in[t], 0, k)
              : f16 ? Dots.vecF16(row, 0, in[t], 0, k)
              : Dots.vecF32(row, 0, in[t], 0, k);
        }
      }
    });
  }

  /**
   * {@code out[j][t] = w[j] @ x[t]} for each {@code j}: matrices that read the same activations (a
   * layer's query, key and value projections; its gate and up projections). Where all of them are
   * regrouped in lanes, their rows run in one {@link RowPool#forRowsOf}, one hand-out and one wait
   * where separate products would each end with the threads waiting on the slowest chunk;
   * otherwise one after another. The same floats as {@link #mul} for each: each row is one
   * kernel's.
   */
  static void mulEach(float[][][] out, TensorView[] w, float[][] x, int n) {
    RowPool.RowTask[] tasks = new RowPool.RowTask[w.length];
    int[] rows = new int[w.length];
    for (int j = 0; j < w.length; j++) {
      tasks[j] = QuantMulMat.laneTask(out[j], w[j], x, n);
      rows[j] = w[j].rows();
      if (tasks[j] == null) { // a matrix outside the lanes: each on its own
        for (int i = 0; i < w.length; i++) {
          if (i < j) {
            RowPool.forRows(rows[i], LaneGroupedTensor.ROWS, tasks[i]);
          } else {
            mul(out[i], w[i], x, n);
          }
        }
        return;
      }
    }
    RowPool.forRowsOf(rows, LaneGroupedTensor.ROWS, tasks);
  }

  /**
   * Each token's activations times {@code 2^112} ({@link F16Rows#scaledForFinite}), or null if one
   * token's are too large for that (then all take the exact widening).
   */
  private static float[][] scaledForFinite(float[][] in, int n, int k) {
    float[][] scaled = new float[n][];
    for (int t = 0; t < n; t++) {
      scaled[t] = F16Rows.scaledForFinite(in[t], k);
      if (scaled[t] == null) {
        return null;
      }
    }
    return scaled;
  }

  /**
   * tinyBLAS's products ({@link Dots#tiny}) of rows {@code [from, to)} with {@code n} tokens, in
   * blocks of {@link #BLOCK_ROWS} rows: each block's rows widened once, then four tokens at a time
   * against two rows at a time ({@link VectorDots#tinyTile}: eight independent chains), those
   * tokens' activations read from the L1 cache for all of the block's rows. The same chains, so
   * the same floats.
   */
  private static void tinyInBlocks(float[][] out, TensorView w, float[][] in, int n, int from,
      int to) {
    int k = w.cols();
    float[][] rows = new float[BLOCK_ROWS][k];
    float[] tile = new float[8];
    for (int r0 = from; r0 < to; r0 += BLOCK_ROWS) {
      int count = Math.min(BLOCK_ROWS, to - r0);
      for (int i = 0; i < count; i++) {
        w.readRow(r0 + i, rows[i], 0);
      }
      int first = 0;
      for (; first + 4 <= n; first += 4) {
        for (int i = 0; i < count; i += 2) {
          int second = Math.min(i + 1, count - 1); // an odd last row pairs with itself
          VectorDots.tinyTile(rows[i], rows[second], in, first, k, tile);
          for (int u = 0; u < 4; u++) {
            out[first + u][r0 + i] = tile[u];
            out[first + u][r0 + second] = tile[4 + u];
          }
        }
      }
      for (int t = first; t < n; t++) {
        for (int i = 0; i < count; i++) {
          out[t][r0 + i] = Dots.tiny(rows[i], 0, in[t], 0, k);
        }
      }
    }
  }

  interface RowRange {
    void run(int from, int to);
  }

  static void rows(int m, RowRange body) {
    int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    if (tasks <= 1) {
      body.run(0, m);
      return;
    }
    IntStream.range(0, tasks).parallel().forEach(
        i -> body.run(i * ROWS_PER_TASK, Math.min(m, (i + 1) * ROWS_PER_TASK)));
  }
}
