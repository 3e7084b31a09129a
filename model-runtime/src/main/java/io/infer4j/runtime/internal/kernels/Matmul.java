package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.TensorView;

/**
 * Matrix-vector products against weight tensors of any stored type. Implementations must be
 * thread-safe (a model's sessions share one instance).
 */
public interface Matmul {

  /**
   * {@code W (d,n) @ x (n,) -> out (d,)}, where {@code d = w.rows()} and {@code n = w.cols()}.
   *
   * @throws IllegalArgumentException if {@code x} is shorter than {@code n} or {@code out} than
   *     {@code d}
   */
  void matmul(float[] out, TensorView w, float[] x);

  /**
   * {@code W[j] @ x -> out[j]} for every {@code j}: matrices that read the same vector, such as a
   * layer's query, key and value projections, or its gate and up projections. A fast
   * implementation quantizes {@code x} once for all of them and shares their rows out to its
   * threads in one go (one wait at the end instead of one per matrix). This default runs {@link
   * #matmul} per matrix.
   *
   * @throws IllegalArgumentException if {@code out} and {@code w} differ in length, or a vector is
   *     too short as in {@link #matmul}
   */
  default void matmulEach(float[][] out, TensorView[] w, float[] x) {
    MatmulArgs.checkEach(out, w, x);
    for (int j = 0; j < w.length; j++) {
      matmul(out[j], w[j], x);
    }
  }

  /**
   * {@code W @ x[t] -> out[t]} for {@code t < count}: a prompt's tokens at once, so a fast
   * implementation reads each weight row once per batch. This default runs {@link #matmul} per
   * token.
   *
   * @throws IllegalArgumentException if {@code count} exceeds either array, or a vector is too
   *     short as in {@link #matmul}
   */
  default void matmulBatch(float[][] out, TensorView w, float[][] x, int count) {
    MatmulArgs.checkCount(out, w, x, count);
    for (int t = 0; t < count; t++) {
      matmul(out[t], w, x[t]);
    }
  }
}
