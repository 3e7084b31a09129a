package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The batched matmul (one weight row read for many tokens) agrees with the reference per token.
 * Tolerance: 1e-5 of the sum of |w * x| over the row, plus 1e-6 (float rounding of a reordered
 * sum; the reference dequantizes then sums left to right without FMA).
 */
class VectorMatmulBatchTest {
  private final Matmul fast = new VectorMatmul();
  private final Matmul reference = new ReferenceMatmul();

  @ParameterizedTest
  @EnumSource(GgmlType.class)
  void agreesWithTheReferenceForEveryTokenOfAwkwardBatches(GgmlType type) {
    Random r = new Random(100 + type.ordinal());
    // rows not a multiple of the slice grain, batches not a multiple of the 4-token pass
    int[][] shapes = {{1, 32, 1}, {5, 96, 3}, {37, 160, 7}, {333, 544, 9}, {1000, 256, 17}};
    try (Arena arena = Arena.ofShared()) {
      for (int[] shape : shapes) {
        int d = shape[0];
        int n =
            type.blockSize() == 1
                ? shape[1] + 5
                : RandomMatrices.roundUp(shape[1], type.blockSize());
        int count = shape[2];
        TensorView w = RandomMatrices.of(arena, r, type, d, n);
        float[][] x = new float[count + 1][n]; // one spare input past count
        for (float[] v : x) {
          for (int j = 0; j < n; j++) {
            v[j] = (float) r.nextGaussian();
          }
        }
        float[][] actual = new float[count + 1][d];
        fast.matmulBatch(actual, w, x, count);
        float[] expected = new float[d];
        float[] row = new float[n];
        for (int t = 0; t < count; t++) {
          reference.matmul(expected, w, x[t]);
          for (int i = 0; i < d; i++) {
            w.readRow(i, row, 0);
            double magnitude = 0;
            for (int j = 0; j < n; j++) {
              magnitude += Math.abs(row[j] * x[t][j]);
            }
            assertEquals(
                expected[i], actual[t][i], 1e-5 * magnitude + 1e-6,
                type + " " + d + "x" + n + " token " + t + " row " + i);
          }
        }
        for (int i = 0; i < d; i++) {
          assertEquals(0f, actual[count][i], "outputs past count stay untouched");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = GgmlType.class,
      names = {"F16", "Q8_0"})
  void aCountLargerThanTheInputsIsRejected(GgmlType type) {
    try (Arena arena = Arena.ofShared()) {
      TensorView w = RandomMatrices.of(arena, new Random(1), type, 4, 64);
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> fast.matmulBatch(new float[3][4], w, new float[2][64], 3));
      assertEquals(true, e.getMessage().contains("count 3"), e.getMessage());
    }
  }
}
