package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.Q8_0Tensor;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.util.stream.IntStream;

/**
 * {@code W (m,k) @ x[t] (k,) -> out[t] (m,)} for {@code t < n} tokens, with the arithmetic {@code
 * ggml_compute_forward_mul_mat} chooses on x86 AVX2 (llama.cpp b4916, built with llamafile):
 *
 * <ul>
 *   <li>Q8_0 weights: the activations quantized by {@link Q8Quantizer}, then {@link Dots#q8}
 *       (vec_dot and tinyBLAS_Q0_AVX compute the same thing);
 *   <li>F16 weights: the activations rounded to fp16; tinyBLAS ({@link Dots#tiny}) when {@code n >=
 *       2}, {@code k % 8 == 0} and {@code m % 4 == 0}, else {@link Dots#vecF16};
 *   <li>F32 weights: tinyBLAS under the same conditions, else {@link Dots#vecF32};
 *   <li>other types: a stated limit, not llama.cpp's arithmetic (which quantizes the activations to
 *       Q8_K or Q8_1): rows dequantized to float and {@link Dots#vecF32}.
 * </ul>
 *
 * Rows are spread over the common fork-join pool; each result element is computed by one thread
 * in a fixed order, so the result does not depend on the threads. Stateless.
 */
final class MulMat {
  private static final int ROWS_PER_TASK = 64;

  private MulMat() {}

  /** Whether ggml's tinyBLAS ({@code llamafile_sgemm}) takes an F32 or F16 product of this shape. */
  static boolean tinyBlas(int m, int n, int k) {
    return n >= 2 && k % 8 == 0 && m % 4 == 0;
  }

  static void mul(float[][] out, TensorView w, float[][] x, int n) {
    int m = w.rows();
    int k = w.cols();
    if (w.type() == GgmlType.Q8_0 && w instanceof Q8_0Tensor q) {
      byte[][] qs = new byte[n][k];
      float[][] d = new float[n][k / Q8Quantizer.BLOCK];
      for (int t = 0; t < n; t++) {
        Q8Quantizer.quantize(x[t], k, qs[t], d[t]);
      }
      rows(m, (from, to) -> {
        byte[] rq = new byte[k];
        float[] rd = new float[k / Q8Quantizer.BLOCK];
        for (int r = from; r < to; r++) {
          readQ8(q, r, rq, rd);
          for (int t = 0; t < n; t++) {
            out[t][r] = Dots.q8(rq, rd, 0, qs[t], d[t], k);
          }
        }
      });
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

  private static void readQ8(Q8_0Tensor q, int row, byte[] qs, float[] d) {
    int blocks = d.length;
    long first = (long) row * blocks;
    for (int b = 0; b < blocks; b++) {
      d[b] = q.scale(first + b);
      for (int i = 0; i < Q8Quantizer.BLOCK; i++) {
        qs[b * Q8Quantizer.BLOCK + i] = q.quant(first + b, i);
      }
    }
  }

  private interface RowRange {
    void run(int from, int to);
  }

  private static void rows(int m, RowRange body) {
    int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
    if (tasks <= 1) {
      body.run(0, m);
      return;
    }
    IntStream.range(0, tasks).parallel().forEach(
        i -> body.run(i * ROWS_PER_TASK, Math.min(m, (i + 1) * ROWS_PER_TASK)));
  }
}
