package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import io.infer4j.runtime.testing.Quantize;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Vector API matmul agrees with the reference to float rounding, for every type and shape. */
class VectorMatmulTest {
  private final Matmul fast = new VectorMatmul();
  private final Matmul reference = new ReferenceMatmul();

  @ParameterizedTest
  @EnumSource(GgmlType.class)
  void agreesWithTheReferenceOnSmallOddAndLargeParallelShapes(GgmlType type) {
    Random r = new Random(type.ordinal());
    int[][] shapes = {{1, 32}, {3, 96}, {7, 64}, {600, 288}, {100, 1024}};
    try (Arena arena = Arena.ofShared()) {
      for (int[] shape : shapes) {
        int d = shape[0];
        // F32/F16/BF16 also get a row length that leaves a scalar tail
        // (K-quant rows are whole 256-element super-blocks: the length is rounded up)
        int n =
            type.blockSize() == 1
                ? shape[1] + 3
                : RandomMatrices.roundUp(shape[1], type.blockSize());
        TensorView w = RandomMatrices.of(arena, r, type, d, n);
        float[] x = new float[n];
        for (int j = 0; j < n; j++) {
          x[j] = (float) r.nextGaussian();
        }
        float[] expected = new float[d];
        float[] actual = new float[d];
        reference.matmul(expected, w, x);
        fast.matmul(actual, w, x);
        float[] row = new float[n];
        for (int i = 0; i < d; i++) {
          w.readRow(i, row, 0);
          double magnitude = 0;
          for (int j = 0; j < n; j++) {
            magnitude += Math.abs(row[j] * x[j]);
          }
          assertEquals(expected[i], actual[i], 1e-5 * magnitude + 1e-6, type + " row " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"F32", "F16", "BF16"})
  void handlesRowLengthsThatAreNotAMultipleOfTheVectorWidth(GgmlType type) {
    int d = 5;
    int n = 172; // stories260K's FFN width; 172 = 21 * 8 + 4
    float[] values = new float[d * n];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 13) - 6;
    }
    TensorView w =
        TensorViews.of("w", type, MemorySegment.ofArray(Quantize.encode(type, values)), d, n);
    float[] x = new float[n];
    java.util.Arrays.fill(x, 0.5f);
    float[] expected = new float[d];
    float[] actual = new float[d];
    reference.matmul(expected, w, x);
    fast.matmul(actual, w, x);
    for (int i = 0; i < d; i++) {
      assertEquals(expected[i], actual[i], 0f, "small integers sum exactly in any order");
    }
  }
}
