package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.kernels.VectorMatmul;
import io.infer4j.runtime.internal.model.LayerWeights;
import io.infer4j.runtime.internal.model.LlamaWeights;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.Arena;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Int8Matmul} (the {@code VECTOR_INT8} matmul): which path each weight type takes, that
 * a batch gives each token its single-vector result bit for bit, and that batches from {@link
 * Int8Matmul#floatBatchFrom} tokens take the float batch path.
 */
class Int8MatmulRoutingTest {
  private static final int ROWS = 40;
  private static final int COLS = 512;

  private static float[] gaussians(Random r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
  void quantizedTypesTakeLlamaCppsIntegerProducts(GgmlType type) {
    if (type.blockSize() == 256 && VectorChoice.ENABLED) {
      return; // K4Int8Rows, Q6KInt8Rows: kQuantsTakeTheirOwnKernels
    }
    SegmentTensor w = QuantDotsTest.randomMatrix(type, ROWS, COLS, 21);
    float[] x = gaussians(new Random(22), COLS);
    float[] actual = new float[ROWS];
    new Int8Matmul().matmul(actual, w, x);
    float[][] expected = new float[1][ROWS];
    QuantMulMat.mul(expected, w, new float[][] {x}, 1);
    for (int r = 0; r < ROWS; r++) {
      assertEquals(Float.floatToRawIntBits(expected[0][r]), Float.floatToRawIntBits(actual[r]),
          type + " row " + r);
    }
    if (type == GgmlType.Q4_K) { // and those are llama.cpp's scalar dot, row by row
      byte[] qs = new byte[COLS];
      float[] d = new float[COLS / Q8KQuantizer.BLOCK];
      int[] bsums = new int[COLS / Q8KQuantizer.BSUM];
      Q8KQuantizer.quantize(x, COLS, qs, d, bsums);
      QuantRow row = new QuantRow(type, COLS, false);
      for (int r = 0; r < ROWS; r++) {
        row.read(w, r);
        assertEquals(Float.floatToRawIntBits(KDots.q4K(row, qs, d, bsums, COLS)),
            Float.floatToRawIntBits(actual[r]), "scalar Q4_K row " + r);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void kQuantsTakeTheirOwnKernels(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, ROWS, COLS, 28);
    float[] x = gaussians(new Random(29), COLS);
    float[] actual = new float[ROWS];
    new Int8Matmul().matmul(actual, w, x);
    float[] expected = VectorChoice.ENABLED ? ownKernel(w, x) : viaQuantMulMat(w, x);
    for (int r = 0; r < ROWS; r++) {
      assertEquals(Float.floatToRawIntBits(expected[r]), Float.floatToRawIntBits(actual[r]),
          type + " row " + r);
    }
  }

  private static float[] ownKernel(SegmentTensor w, float[] x) {
    Q8KCodes y = Q8KCodes.quantize(x, COLS);
    long rowBytes = COLS / 256L * w.type().blockBytes();
    float[] out = new float[ROWS];
    for (int r = 0; r < ROWS; r++) {
      out[r] = w.type() == GgmlType.Q6_K
          ? KQuantInt8RowsTest.q6K(w.segment(), r * rowBytes, y, COLS)
          : K4Int8Rows.dot(w.type(), w.segment(), r * rowBytes, y, COLS);
    }
    return out;
  }

  private static float[] viaQuantMulMat(SegmentTensor w, float[] x) {
    float[][] out = new float[1][ROWS];
    QuantMulMat.mul(out, w, new float[][] {x}, 1);
    return out[0];
  }

  /** A matrix of valid F32 values (random bytes would hold NaNs). */
  private static SegmentTensor f32Matrix(Random r) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(ROWS * COLS * 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < ROWS * COLS; i++) {
      b.putFloat((float) r.nextGaussian());
    }
    return (SegmentTensor) io.infer4j.runtime.internal.tensor.TensorViews.of(
        "w", GgmlType.F32, java.lang.foreign.MemorySegment.ofArray(b.array()), ROWS, COLS);
  }

  @ParameterizedTest
  @EnumSource(names = {"Q8_0", "F32"})
  void otherTypesTakeTheVectorInt8Matmul(GgmlType type) {
    SegmentTensor w = type == GgmlType.F32 ? f32Matrix(new Random(23))
        : QuantDotsTest.randomMatrix(type, ROWS, COLS, 23);
    float[] x = gaussians(new Random(24), COLS);
    float[] actual = new float[ROWS];
    float[] expected = new float[ROWS];
    new Int8Matmul().matmul(actual, w, x);
    VectorMatmul.int8().matmul(expected, w, x);
    for (int r = 0; r < ROWS; r++) {
      assertEquals(Float.floatToRawIntBits(expected[r]), Float.floatToRawIntBits(actual[r]),
          type + " row " + r);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q6_K", "Q4_0"})
  void aBatchGivesEachTokenItsSingleVectorResult(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, ROWS, COLS, 25);
    Random r = new Random(26);
    int count = 3;
    float[][] x = new float[count][];
    float[][] batch = new float[count][ROWS];
    for (int t = 0; t < count; t++) {
      x[t] = gaussians(r, COLS);
    }
    Int8Matmul m = new Int8Matmul();
    m.matmulBatch(batch, w, x, count);
    for (int t = 0; t < count; t++) {
      float[] single = new float[ROWS];
      m.matmul(single, w, x[t]);
      for (int i = 0; i < ROWS; i++) {
        assertEquals(Float.floatToRawIntBits(single[i]), Float.floatToRawIntBits(batch[t][i]),
            type + " token " + t + " row " + i);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q8_0", "Q4_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
  void aLargeBatchTakesTheFloatBatchPath(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, ROWS, COLS, 30);
    Random r = new Random(31);
    int count = Int8Matmul.floatBatchFrom(type);
    float[][] x = new float[count][];
    for (int t = 0; t < count; t++) {
      x[t] = gaussians(r, COLS);
    }
    float[][] actual = new float[count][ROWS];
    float[][] expected = new float[count][ROWS];
    new Int8Matmul().matmulBatch(actual, w, x, count);
    new VectorMatmul().matmulBatch(expected, w, x, count);
    for (int t = 0; t < count; t++) {
      for (int i = 0; i < ROWS; i++) {
        assertEquals(Float.floatToRawIntBits(expected[t][i]), Float.floatToRawIntBits(actual[t][i]),
            type + " token " + t + " row " + i);
      }
    }
    // one token fewer: the integer products, each token's single-vector result
    Int8Matmul m = new Int8Matmul();
    float[][] smaller = new float[count - 1][ROWS];
    m.matmulBatch(smaller, w, x, count - 1);
    float[] single = new float[ROWS];
    m.matmul(single, w, x[count - 2]);
    for (int i = 0; i < ROWS; i++) {
      assertEquals(Float.floatToRawIntBits(single[i]), Float.floatToRawIntBits(smaller[count - 2][i]),
          type + " row " + i);
    }
  }

  /**
   * {@link Int8Matmul#prepare} regroups Q4_K, Q6_K and Q8_0 matrices where 512-bit lanes are
   * native, and every entry point (one vector, several matrices of one input, a small batch) then
   * multiplies the regrouped rows, the lane kernels' floats bit for bit (Q8_0's near the file
   * layout's kernel); the embedding, read a row at a time, stays as it is.
   */
  @Test
  void preparedQ4KWeightsTakeTheLaneKernel() {
    assumeTrue(VectorChoice.ENABLED && WideLanes.NATIVE, "lane groups need native 512-bit lanes");
    SegmentTensor q4k = QuantDotsTest.randomMatrix(GgmlType.Q4_K, ROWS, COLS, 51);
    SegmentTensor q6k = QuantDotsTest.randomMatrix(GgmlType.Q6_K, ROWS, COLS, 52);
    SegmentTensor q8 = QuantDotsTest.randomMatrix(GgmlType.Q8_0, ROWS, COLS, 54);
    LayerWeights layer = new LayerWeights(new float[COLS], q4k, q4k, q6k, q8, new float[COLS],
        q4k, q4k, q4k);
    LlamaWeights prepared;
    try (Arena arena = Arena.ofShared()) { // written and read by the RowPool threads
      prepared = Int8Matmul.prepare(
          new LlamaWeights(q6k, java.util.List.of(layer), new float[COLS], q4k), arena);
      LayerWeights p = prepared.layers().get(0);
      LaneGroupedTensor lanes = assertInstanceOf(LaneGroupedTensor.class, p.wq());
      assertSame(lanes, p.wk()); // one regrouping per distinct matrix
      assertSame(lanes, prepared.classifier());
      assertSame(q6k, assertInstanceOf(LaneGroupedTensor.class, p.wv()).source());
      assertSame(q6k, prepared.tokenEmbedding());
      LaneGroupedTensor q8Lanes = assertInstanceOf(LaneGroupedTensor.class, p.wo());
      assertSame(q8, q8Lanes.source());
      Random r = new Random(53);
      float[][] x = {gaussians(r, COLS), gaussians(r, COLS)};
      float[][] expected = new float[2][ROWS];
      Q8KCodes[] y = {Q8KCodes.quantize(x[0], COLS), Q8KCodes.quantize(x[1], COLS)};
      Q4KLaneDots.groups(lanes.groups(), ROWS, COLS, y, 2, 0, LaneGroupedTensor.groups(ROWS), expected,
          KLaneRows.Scratch.forTokens(2));
      Int8Matmul matmul = new Int8Matmul();
      float[] one = new float[ROWS];
      matmul.matmul(one, lanes, x[0]);
      float[][] each = {new float[ROWS], new float[ROWS]};
      matmul.matmulEach(each, new TensorView[] {lanes, q6k}, x[0]);
      float[] q8One = new float[ROWS];
      matmul.matmul(q8One, q8Lanes, x[0]);
      float[][] q8Each = {new float[ROWS], new float[ROWS]};
      matmul.matmulEach(q8Each, new TensorView[] {q8Lanes, lanes}, x[0]);
      float[][] q8Batch = new float[2][ROWS];
      matmul.matmulBatch(q8Batch, q8Lanes, x, 2);
      float[] q8File = new float[ROWS];
      matmul.matmul(q8File, q8, x[0]); // the file's layout, VectorMatmul.int8()'s kernel
      float[][] batch = new float[2][ROWS];
      matmul.matmulBatch(batch, lanes, x, 2);
      for (int row = 0; row < ROWS; row++) {
        int bits = Float.floatToRawIntBits(expected[0][row]);
        assertEquals(bits, Float.floatToRawIntBits(one[row]), "matmul row " + row);
        assertEquals(bits, Float.floatToRawIntBits(each[0][row]), "matmulEach row " + row);
        assertEquals(bits, Float.floatToRawIntBits(batch[0][row]), "batch row " + row);
        assertEquals(Float.floatToRawIntBits(expected[1][row]),
            Float.floatToRawIntBits(batch[1][row]), "batch token 1 row " + row);
        int q8Bits = Float.floatToRawIntBits(q8One[row]);
        assertEquals(q8Bits, Float.floatToRawIntBits(q8Each[0][row]), "Q8_0 each row " + row);
        assertEquals(bits, Float.floatToRawIntBits(q8Each[1][row]), "Q4_K after Q8_0 " + row);
        assertEquals(q8Bits, Float.floatToRawIntBits(q8Batch[0][row]), "Q8_0 batch row " + row);
        assertEquals(q8File[row], q8One[row], 1e-4f * (1 + Math.abs(q8File[row])),
            "Q8_0 lanes vs rows, row " + row);
      }
    }
  }

  @Test
  void shortVectorsAreRefusedNamingTheShapes() {
    SegmentTensor w = QuantDotsTest.randomMatrix(GgmlType.Q4_K, ROWS, COLS, 27);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Int8Matmul().matmul(new float[ROWS], w, new float[COLS - 1]));
    assertEquals(true, e.getMessage().contains("needs " + COLS), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Int8Matmul().matmulBatch(
        new float[][] {new float[ROWS], new float[ROWS - 1]}, w,
        new float[][] {new float[COLS], new float[COLS]}, 2));
  }
}
