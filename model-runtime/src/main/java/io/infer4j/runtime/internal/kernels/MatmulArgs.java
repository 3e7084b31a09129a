package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.TensorView;

/** The argument checks of {@link Matmul}, one wording for every implementation. Stateless. */
public final class MatmulArgs {
  private MatmulArgs() {}

  /**
   * @throws IllegalArgumentException if {@code x} is shorter than {@code w.cols()} or {@code out}
   *     than {@code w.rows()}
   */
  public static void check(float[] out, TensorView w, float[] x) {
    if (x.length < w.cols() || out.length < w.rows()) {
      throw new IllegalArgumentException(
          "matmul " + w + ": x has " + x.length + " (needs " + w.cols() + "), out has "
              + out.length + " (needs " + w.rows() + ")");
    }
  }

  /**
   * @throws IllegalArgumentException if {@code out} and {@code w} differ in length, or {@link
   *     #check} fails for a pair
   */
  public static void checkEach(float[][] out, TensorView[] w, float[] x) {
    if (out.length != w.length) {
      throw new IllegalArgumentException(
          "matmulEach: " + w.length + " matrices but " + out.length + " outputs");
    }
    for (int j = 0; j < w.length; j++) {
      check(out[j], w[j], x);
    }
  }

  /** @throws IllegalArgumentException if {@code count} is negative or exceeds either array */
  public static void checkCount(float[][] out, TensorView w, float[][] x, int count) {
    if (count < 0 || count > out.length || count > x.length) {
      throw new IllegalArgumentException(
          "matmulBatch " + w + ": count " + count + " for " + x.length + " inputs, "
              + out.length + " outputs");
    }
  }
}
