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
}
