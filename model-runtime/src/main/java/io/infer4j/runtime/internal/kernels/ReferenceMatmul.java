package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.TensorView;

/**
 * The oracle matmul, as run.c writes it: dequantize one row to float32, then a sequential float32
 * dot product ({@code val += w[j] * x[j]}, no fused multiply-add, left to right). Stateless.
 */
public final class ReferenceMatmul implements Matmul {

  @Override
  public void matmul(float[] out, TensorView w, float[] x) {
    int d = w.rows();
    int n = w.cols();
    MatmulArgs.check(out, w, x);
    float[] row = new float[n];
    for (int i = 0; i < d; i++) {
      w.readRow(i, row, 0);
      float val = 0.0f;
      for (int j = 0; j < n; j++) {
        val += row[j] * x[j];
      }
      out[i] = val;
    }
  }
}
