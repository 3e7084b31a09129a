package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.kernels.Q8LaneDots;
import io.infer4j.runtime.internal.kernels.Q8LaneLayout;
import io.infer4j.runtime.internal.kernels.RowPool;
import io.infer4j.runtime.internal.model.LayerWeights;
import io.infer4j.runtime.internal.model.LlamaWeights;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Q4_0 and Q5_0 rows in {@link Q8LaneLayout}: unpacked to the Q8_0 codes their values are ({@code
 * nibble - 8}, {@code q5 - 16}) and multiplied by {@link Q8LaneDots}, they give bit for bit what
 * the same kernel gives for a Q8_0 matrix holding those codes and scales (whose lanes {@code
 * Q8LaneDotsTest} checks against the plain int8 reference); {@link Int8Matmul#prepare} regroups
 * them for {@code VECTOR_INT8}, not for {@code GGML}, and {@link Int8Matmul} then agrees with
 * llama.cpp's own products for them to float rounding.
 */
class LegacyLanesTest {
  private static final int ROWS = 45; // a partial last group
  private static final int COLS = 512;

  @BeforeAll
  static void needsWideLanes() {
    assumeTrue(VectorChoice.ENABLED && WideLanes.NATIVE, "lane groups need native 512-bit lanes");
  }

  /**
   * The Q8_0 matrix of the same values as {@code w} (Q4_0 or Q5_0): each block's fp16 scale, and
   * its 32 codes read from the view's decoded values (exact: value / d is a small integer).
   */
  private static SegmentTensor q8Twin(SegmentTensor w) {
    int blocks = ROWS * COLS / 32;
    byte[] bytes = new byte[blocks * GgmlType.Q8_0.blockBytes()];
    MemorySegment src = w.segment();
    float[] row = new float[COLS];
    for (int r = 0; r < ROWS; r++) {
      w.readRow(r, row, 0);
      for (int b = 0; b < COLS / 32; b++) {
        long from = ((long) r * COLS / 32 + b) * w.type().blockBytes();
        int to = (r * COLS / 32 + b) * GgmlType.Q8_0.blockBytes();
        short h = src.get(ValueLayout.JAVA_SHORT_UNALIGNED, from);
        bytes[to] = (byte) h;
        bytes[to + 1] = (byte) (h >> 8);
        float d = Float.float16ToFloat(h);
        for (int j = 0; j < 32; j++) {
          float code = row[32 * b + j] / d;
          assertEquals(Math.rint(code), code, 0.0, "block " + b + " element " + j);
          bytes[to + 2 + j] = (byte) code;
        }
      }
    }
    return (SegmentTensor) TensorViews.of("twin", GgmlType.Q8_0, MemorySegment.ofArray(bytes),
        ROWS, COLS);
  }

  private static float[][] lanes(LaneGroupedTensor w, float[][] x) {
    float[][] out = new float[x.length][ROWS];
    RowPool.forRows(ROWS, LaneGroupedTensor.ROWS, Q8LaneDots.task(w, out, x, x.length));
    return out;
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_0", "Q5_0"})
  void unpackedRowsMultiplyAsTheirQ8Twin(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, ROWS, COLS, 61 + type.ordinal());
    SegmentTensor twin = q8Twin(w);
    Random r = new Random(62);
    float[][] x = new float[3][COLS];
    for (float[] v : x) {
      for (int i = 0; i < COLS; i++) {
        v[i] = (float) r.nextGaussian();
      }
    }
    try (Arena arena = Arena.ofShared()) {
      LaneGroupedTensor lanes = (LaneGroupedTensor) Int8Matmul.regroup(w, arena);
      assertTrue(lanes.q8Layout());
      float[][] got = lanes(lanes, x);
      float[][] want = lanes(Q8LaneLayout.regroup(twin, arena), x);
      for (int t = 0; t < x.length; t++) {
        for (int row = 0; row < ROWS; row++) {
          assertEquals(Float.floatToRawIntBits(want[t][row]), Float.floatToRawIntBits(got[t][row]),
              type + " token " + t + " row " + row);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_0", "Q5_0"})
  void preparedForVectorInt8NotForGgml(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, ROWS, COLS, 63 + type.ordinal());
    LayerWeights layer = new LayerWeights(new float[COLS], w, w, w, w, new float[COLS], w, w, w);
    LlamaWeights weights = new LlamaWeights(w, List.of(layer), new float[COLS], w);
    try (Arena arena = Arena.ofShared()) {
      assertSame(w, Int8Matmul.prepare(weights, arena, true).layers().get(0).wq(), "GGML");
      TensorView prepared = Int8Matmul.prepare(weights, arena).layers().get(0).wq();
      LaneGroupedTensor lanes = assertInstanceOf(LaneGroupedTensor.class, prepared);
      assertSame(w, lanes.source());
      float[] x = new float[COLS];
      Random r = new Random(64);
      for (int i = 0; i < COLS; i++) {
        x[i] = (float) r.nextGaussian();
      }
      float[] got = new float[ROWS];
      new Int8Matmul().matmul(got, lanes, x);
      float[][] want = new float[1][ROWS];
      QuantMulMat.mul(want, w, new float[][] {x}, 1); // llama.cpp's products, its float order
      float[] values = new float[COLS];
      for (int row = 0; row < ROWS; row++) {
        w.readRow(row, values, 0);
        double magnitude = 0;
        for (int i = 0; i < COLS; i++) {
          magnitude += Math.abs(values[i] * x[i]);
        }
        assertEquals(want[0][row], got[row], 1e-5 * magnitude + 1e-6, type + " row " + row);
      }
    }
  }
}
