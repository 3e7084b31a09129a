package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import io.infer4j.runtime.testing.Quantize;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ReferenceKernelsTest {
  private final Matmul mm = Kernels.reference().matmul();
  private final VectorOps ops = Kernels.reference().vectorOps();

  private static TensorView matrix(GgmlType type, int rows, int cols, float[] values) {
    return TensorViews.of(
        "w", type, MemorySegment.ofArray(Quantize.encode(type, values)), rows, cols);
  }

  @Test
  void matmulMultipliesEachRowWithTheVector() {
    TensorView w = matrix(GgmlType.F32, 2, 3, new float[] {1, 2, 3, -1, 0, 2});
    float[] out = new float[2];
    mm.matmul(out, w, new float[] {1, 10, 100});
    assertArrayEquals(new float[] {321, 199}, out);
  }

  @Test
  void matmulOnQuantizedWeightsUsesTheDequantizedValues() {
    for (GgmlType type : GgmlType.values()) {
      int cols = Math.max(32, type.blockSize());
      float[] values = new float[2 * cols];
      for (int i = 0; i < values.length; i++) {
        values[i] = (i % 7) - 3f;
      }
      float[] x = new float[cols];
      java.util.Arrays.fill(x, 1f);
      float[] deq = Quantize.roundTrip(type, values);
      float[] expected = new float[2];
      for (int r = 0; r < 2; r++) {
        for (int j = 0; j < cols; j++) {
          expected[r] += deq[r * cols + j];
        }
      }
      float[] out = new float[2];
      mm.matmul(out, matrix(type, 2, cols, values), x);
      assertArrayEquals(expected, out, type.name());
    }
  }

  @Test
  void matmulRejectsVectorsThatAreTooShort() {
    TensorView w = matrix(GgmlType.F32, 2, 3, new float[6]);
    assertThrows(IllegalArgumentException.class, () -> mm.matmul(new float[2], w, new float[2]));
  }

  @Test
  void rmsnormScalesByTheInverseRootMeanSquare() {
    float[] out = new float[2];
    ops.rmsnorm(out, new float[] {3, 4}, new float[] {1, 2}, 2, 0f);
    double inv = 1 / Math.sqrt(12.5);
    assertEquals(3 * inv, out[0], 1e-6);
    assertEquals(8 * inv, out[1], 1e-6);
  }

  @Test
  void softmaxNormalisesASliceAndLeavesTheRestAlone() {
    float[] x = {9f, 0f, (float) Math.log(3), 9f};
    ops.softmax(x, 1, 2);
    assertEquals(9f, x[0]);
    assertEquals(0.25f, x[1], 1e-7);
    assertEquals(0.75f, x[2], 1e-7);
    assertEquals(9f, x[3]);
  }

  @Test
  void ropeRotatesPairsByPositionTimesTheHeadFrequency() {
    // headSize 4: pair 0 turns by pos, pair 1 by pos / sqrt(base); two heads share frequencies
    float[] v = {1, 0, 1, 0, 0, 1, 0, 1};
    ops.rope(v, 8, 4, 3, 100f);
    assertEquals(Math.cos(3), v[0], 1e-6);
    assertEquals(Math.sin(3), v[1], 1e-6);
    assertEquals(Math.cos(0.3), v[2], 1e-6);
    assertEquals(Math.sin(0.3), v[3], 1e-6);
    assertEquals(-Math.sin(3), v[4], 1e-6);
    assertEquals(Math.cos(3), v[5], 1e-6);
    float[] zero = {1, 2, 3, 4};
    ops.rope(zero, 4, 4, 0, 10000f);
    assertArrayEquals(new float[] {1, 2, 3, 4}, zero);
  }

  @Test
  void swigluMultipliesSiluOfTheGateWithTheUpProjection() {
    float[] gate = {0f, 2f, -1f};
    ops.swiglu(gate, new float[] {5f, 3f, 2f}, 3);
    assertEquals(0f, gate[0]);
    assertEquals(3 * 2 / (1 + Math.exp(-2)), gate[1], 1e-6);
    assertEquals(2 * -1 / (1 + Math.exp(1)), gate[2], 1e-6);
  }
}
