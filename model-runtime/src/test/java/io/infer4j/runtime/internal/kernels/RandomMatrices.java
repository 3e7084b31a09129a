package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import io.infer4j.runtime.testing.Quantize;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Weight matrices of Gaussian values for the matmul tests. */
final class RandomMatrices {
  private RandomMatrices() {}

  /**
   * A {@code d x n} matrix of {@code type} holding {@code d * n} Gaussians drawn from {@code r},
   * in an off-heap segment of {@code arena} (shared, like a mapped file: pool threads read it).
   */
  static TensorView of(Arena arena, Random r, GgmlType type, int d, int n) {
    float[] values = new float[d * n];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) r.nextGaussian();
    }
    byte[] bytes = Quantize.encode(type, values);
    MemorySegment seg = arena.allocate(bytes.length, 64);
    MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, bytes.length);
    return TensorViews.of("w", type, seg, d, n);
  }

  /** {@code count} float vectors of {@code n} Gaussians drawn from {@code r}. */
  static float[][] gaussians(Random r, int count, int n) {
    float[][] v = new float[count][n];
    for (float[] row : v) {
      for (int i = 0; i < n; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
    return v;
  }

  /** {@code n} rounded up to a multiple of {@code multiple}. */
  static int roundUp(int n, int multiple) {
    return (n + multiple - 1) / multiple * multiple;
  }
}
