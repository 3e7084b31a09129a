package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.internal.kernels.Matmul;
import io.infer4j.runtime.internal.kernels.ReferenceMatmul;
import io.infer4j.runtime.internal.kernels.VectorMatmul;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Matmul#matmulEach} (several matrices, one input, one hand-out to the threads) gives every
 * matrix the floats {@link Matmul#matmul} gives it alone, bit for bit, in every kernel mode's
 * matmul: same-type groups (one shared quantization of the input), mixed K-quants, and mixes that
 * fall back to one matrix at a time; and {@code KernelMode.GGML}'s {@link MulMat#mulEach},
 * likewise.
 */
class MatmulEachTest {
  private static final int COLS = 512;

  private static final List<Supplier<Matmul>> MATMULS =
      List.of(VectorMatmul::new, VectorMatmul::int8, Int8Matmul::new, ReferenceMatmul::new);

  @Test
  void everyMatrixGetsItsOwnMatmulsFloatsBitForBit() {
    // row counts: past the pool's threshold (256 x 512), small, and not multiples of the grain
    TensorView[][] groups = {
      {matrix(GgmlType.Q8_0, 256, 1), matrix(GgmlType.Q8_0, 40, 2), matrix(GgmlType.Q8_0, 300, 3)},
      {matrix(GgmlType.Q4_K, 256, 4), matrix(GgmlType.Q6_K, 17, 5), matrix(GgmlType.Q5_K, 260, 6)},
      {matrix(GgmlType.F16, 256, 7), matrix(GgmlType.F32, 33, 8), matrix(GgmlType.Q4_0, 256, 9)},
      {matrix(GgmlType.Q8_0, 256, 10), matrix(GgmlType.Q4_K, 256, 11)},
      {matrix(GgmlType.F16, 300, 12)},
    };
    float[] x = new float[COLS + 3]; // longer than the matrices read: allowed
    Random r = new Random(13);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (Supplier<Matmul> make : MATMULS) {
      Matmul mm = make.get();
      for (TensorView[] group : groups) {
        float[][] each = new float[group.length][];
        for (int j = 0; j < group.length; j++) {
          each[j] = new float[group[j].rows()];
        }
        mm.matmulEach(each, group, x);
        for (int j = 0; j < group.length; j++) {
          float[] alone = new float[group[j].rows()];
          mm.matmul(alone, group[j], x);
          for (int i = 0; i < alone.length; i++) {
            assertEquals(Float.floatToRawIntBits(alone[i]), Float.floatToRawIntBits(each[j][i]),
                mm.getClass().getSimpleName() + ", " + group[j] + ", row " + i);
          }
        }
      }
    }
  }

  @Test
  void mismatchedArgumentsAreRefusedByName() {
    TensorView[] w = {matrix(GgmlType.Q8_0, 32, 1), matrix(GgmlType.Q4_K, 32, 2)};
    for (Supplier<Matmul> make : MATMULS) {
      Matmul mm = make.get();
      IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
          () -> mm.matmulEach(new float[][] {new float[32]}, w, new float[COLS]));
      assertEquals("matmulEach: 2 matrices but 1 outputs", count.getMessage());
      IllegalArgumentException shortX = assertThrows(IllegalArgumentException.class,
          () -> mm.matmulEach(new float[][] {new float[32], new float[32]}, w, new float[10]));
      assertTrue(shortX.getMessage().contains("x has 10 (needs 512)"), shortX.getMessage());
    }
  }

  /**
   * {@code KernelMode.GGML}'s {@link MulMat#mulEach} (the matrices in ggml's lanes in one hand-out)
   * gives every matrix {@link MulMat#mul}'s floats alone, bit for bit: a token, and a prompt in
   * tiles; all in lanes, and mixes with matrices outside them (F16, a Q4_0 shape b4916 does not
   * repack) in either place.
   */
  @Test
  void ggmlsMulEachGivesEveryMatrixItsOwnFloats() {
    TensorView[][] groups = {
      {matrix(GgmlType.Q8_0, 256, 1), matrix(GgmlType.Q8_0, 40, 2), matrix(GgmlType.Q5_1, 70, 3)},
      {matrix(GgmlType.Q4_K, 256, 4), matrix(GgmlType.Q6_K, 17, 5), matrix(GgmlType.Q5_K, 260, 6)},
      {matrix(GgmlType.Q4_K, 64, 7), matrix(GgmlType.F16, 33, 8), matrix(GgmlType.Q8_0, 96, 9)},
      {matrix(GgmlType.Q8_0, 32, 10), matrix(GgmlType.Q4_0, 36, 11)}, // the second in the file
    };
    Random r = new Random(14);
    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared()) {
      for (int tokens : new int[] {1, 9}) {
        float[][] x = new float[tokens][COLS];
        for (float[] t : x) {
          for (int i = 0; i < COLS; i++) {
            t[i] = (float) r.nextGaussian();
          }
        }
        for (TensorView[] group : groups) {
          TensorView[] w = new TensorView[group.length];
          float[][][] each = new float[group.length][tokens][];
          for (int j = 0; j < group.length; j++) {
            w[j] = group[j] instanceof io.infer4j.runtime.internal.tensor.SegmentTensor s
                && !Int8Matmul.ggmlKeepsFileLayout(s)
                ? Int8Matmul.regroup(s, arena, true) : group[j];
            for (int t = 0; t < tokens; t++) {
              each[j][t] = new float[w[j].rows()];
            }
          }
          MulMat.mulEach(each, w, x, tokens);
          for (int j = 0; j < w.length; j++) {
            float[][] alone = new float[tokens][w[j].rows()];
            MulMat.mul(alone, w[j], x, tokens);
            for (int t = 0; t < tokens; t++) {
              for (int i = 0; i < alone[t].length; i++) {
                assertEquals(Float.floatToRawIntBits(alone[t][i]),
                    Float.floatToRawIntBits(each[j][t][i]),
                    w[j] + ", " + tokens + " tokens, token " + t + ", row " + i);
              }
            }
          }
        }
      }
    }
  }

  /** A {@code rows x COLS} matrix of {@code type}: random codes, valid scales, finite floats. */
  private static TensorView matrix(GgmlType type, int rows, long seed) {
    if (type != GgmlType.F16 && type != GgmlType.F32) {
      return QuantDotsTest.randomMatrix(type, rows, COLS, seed);
    }
    Random r = new Random(seed);
    long n = (long) rows * COLS;
    int size = type == GgmlType.F16 ? 2 : 4;
    MemorySegment bytes = MemorySegment.ofArray(new byte[(int) (n * size)]);
    for (long i = 0; i < n; i++) {
      float v = (float) r.nextGaussian() * 0.1f;
      if (type == GgmlType.F16) {
        bytes.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2 * i,
            Float.floatToFloat16(v));
      } else {
        bytes.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4 * i, v);
      }
    }
    return TensorViews.of("w" + seed, type, bytes, rows, COLS);
  }
}
