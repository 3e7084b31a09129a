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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Q4_0, Q5_0, Q4_1 and Q5_1 rows regrouped by {@link Int8Matmul#regroup} (Q5_0 and Q5_1 in {@link
 * Q8LaneLayout} as the Q8_0 codes their values are, {@code q5 - 16} and {@code q5}; Q4_0 and Q4_1
 * in {@code Q4LaneLayout}, nibbles packed) and multiplied through {@link Q8LaneDots} give bit for
 * bit what the Q8_0 lanes give for a Q8_0 matrix holding their codes ({@code nibble - 8}, {@code
 * q5 - 16}, {@code nibble}, {@code q5}) and scales (whose lanes {@code Q8LaneDotsTest} checks
 * against the plain int8 reference), plus for Q4_1 and Q5_1 each row's offsets times the sums of
 * ggml's Q8_1 activations ({@link Q8_1Quantizer}), fused block after block; one quantization for
 * several matrices ({@link Q8LaneDots#tasks}) gives each its own floats; {@link Int8Matmul#prepare}
 * regroups them all for {@code VECTOR_INT8}, for {@code GGML} only Q5_0 and Q4_0 of the shapes
 * b4916 repacks (not this test's 45 rows; {@code LaneQuadDotsTest} checks those lanes under {@code
 * GGML}), and {@link Int8Matmul} then agrees with llama.cpp's own products for them to float
 * rounding.
 */
class LegacyLanesTest {
  private static final int ROWS = 45; // a partial last group
  private static final int COLS = 512;

  @BeforeAll
  static void needsWideLanes() {
    assumeTrue(VectorChoice.ENABLED && WideLanes.NATIVE, "lane groups need native 512-bit lanes");
  }

  /**
   * The Q8_0 matrix of {@code w}'s codes (Q4_0 or Q5_0: of its values; Q4_1 or Q5_1: of its
   * values less the block's offset): each block's fp16 scale
   * {@code d}, and its 32 codes read from the view's decoded values: {@code (value - m) / d}, an
   * integer (for Q4_1 and Q5_1 to the rounding of {@code d * q + m}; else exact, {@code m = 0}).
   */
  private static SegmentTensor q8Twin(SegmentTensor w) {
    boolean mins = Q8LaneLayout.withMins(w.type());
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
        float m = mins ? offset(w, r, b) : 0f;
        for (int j = 0; j < 32; j++) {
          float code = (row[32 * b + j] - m) / d;
          assertEquals(Math.rint(code), code, mins ? 1e-3 : 0.0, "block " + b + " element " + j);
          bytes[to + 2 + j] = (byte) Math.rint(code);
        }
      }
    }
    return (SegmentTensor) TensorViews.of("twin", GgmlType.Q8_0, MemorySegment.ofArray(bytes),
        ROWS, COLS);
  }

  /** Block {@code b}'s fp16 offset {@code m} in row {@code r} of Q4_1 or Q5_1 {@code w}. */
  private static float offset(SegmentTensor w, int r, int b) {
    long at = ((long) r * COLS / 32 + b) * w.type().blockBytes() + 2; // after d
    return Float.float16ToFloat(w.segment().get(ValueLayout.JAVA_SHORT_UNALIGNED, at));
  }

  private static float[][] lanes(LaneGroupedTensor w, float[][] x) {
    float[][] out = new float[x.length][ROWS];
    RowPool.forRows(ROWS, LaneGroupedTensor.ROWS, Q8LaneDots.task(w, out, x, x.length));
    return out;
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_0", "Q5_0", "Q4_1", "Q5_1"})
  void unpackedRowsMultiplyAsTheirQ8Twin(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, ROWS, COLS, 61 + type.ordinal());
    Random r = new Random(62);
    float[][] x = new float[3][COLS];
    for (float[] v : x) {
      for (int i = 0; i < COLS; i++) {
        v[i] = (float) r.nextGaussian();
      }
    }
    assertMultipliesAsTwin(w, x);
  }

  /**
   * Q4_1 blocks of all-15 nibbles against activations all at code 127: {@code sum(q y) = 32 * 15 *
   * 127 = 60960}, past a 16-bit lane, which the nibble lanes add back in 32 bits; all-0 nibbles
   * and activations at -127 beside them.
   */
  @Test
  void q4_1SumsPastSixteenBitsStayExact() {
    int blockBytes = GgmlType.Q4_1.blockBytes();
    byte[] bytes = new byte[ROWS * COLS / 32 * blockBytes];
    for (int row = 0; row < ROWS; row++) {
      for (int b = 0; b < COLS / 32; b++) {
        int at = (row * COLS / 32 + b) * blockBytes;
        short d = Float.floatToFloat16(0.25f + row / 128f);
        short m = Float.floatToFloat16(-1.5f + b / 16f + row / 64f);
        bytes[at] = (byte) d;
        bytes[at + 1] = (byte) (d >> 8);
        bytes[at + 2] = (byte) m;
        bytes[at + 3] = (byte) (m >> 8);
        Arrays.fill(bytes, at + 4, at + blockBytes, row % 2 == 0 ? (byte) 0xFF : 0);
      }
    }
    SegmentTensor w = (SegmentTensor) TensorViews.of("extremes", GgmlType.Q4_1,
        MemorySegment.ofArray(bytes), ROWS, COLS);
    float[] up = new float[COLS];
    float[] down = new float[COLS];
    Arrays.fill(up, 1f);
    Arrays.fill(down, -1f);
    assertMultipliesAsTwin(w, new float[][] {up, down});
  }

  /** One quantization for Q4_0, Q4_1, Q5_0 and Q5_1 lanes together: each matrix's own floats. */
  @Test
  void severalMatricesOfOneInputTakeTheirOwnKernels() {
    GgmlType[] types = {GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1};
    Random r = new Random(65);
    float[] x = new float[COLS];
    for (int i = 0; i < COLS; i++) {
      x[i] = (float) r.nextGaussian();
    }
    try (Arena arena = Arena.ofShared()) {
      LaneGroupedTensor[] lanes = new LaneGroupedTensor[types.length];
      float[][] together = new float[types.length][ROWS];
      int[] rows = new int[types.length];
      for (int j = 0; j < types.length; j++) {
        lanes[j] = (LaneGroupedTensor) Int8Matmul.regroup(
            QuantDotsTest.randomMatrix(types[j], ROWS, COLS, 66 + j), arena);
        rows[j] = ROWS;
      }
      RowPool.forRowsOf(rows, LaneGroupedTensor.ROWS, Q8LaneDots.tasks(lanes, together, x));
      for (int j = 0; j < types.length; j++) {
        float[] alone = lanes(lanes[j], new float[][] {x})[0];
        for (int row = 0; row < ROWS; row++) {
          assertEquals(Float.floatToRawIntBits(alone[row]),
              Float.floatToRawIntBits(together[j][row]), types[j] + " row " + row);
        }
      }
    }
  }

  /**
   * {@code w}'s lanes ({@link Int8Matmul#regroup}) give bit for bit its Q8_0 twin's lanes, plus for
   * Q4_1 and Q5_1 each row's offsets times ggml's Q8_1 block sums, fused block after block.
   */
  private static void assertMultipliesAsTwin(SegmentTensor w, float[][] x) {
    GgmlType type = w.type();
    SegmentTensor twin = q8Twin(w);
    try (Arena arena = Arena.ofShared()) {
      LaneGroupedTensor lanes = (LaneGroupedTensor) Int8Matmul.regroup(w, arena);
      assertTrue(lanes.q8Blocks());
      float[][] got = lanes(lanes, x);
      float[][] want = lanes(Q8LaneLayout.regroup(twin, arena), x);
      for (int t = 0; t < x.length; t++) {
        float[] sums = new float[COLS / 32];
        Q8_1Quantizer.quantize(x[t], COLS, new byte[COLS], new float[COLS / 32], sums);
        for (int row = 0; row < ROWS && Q8LaneLayout.withMins(type); row++) {
          float offsets = 0f;
          for (int b = 0; b < COLS / 32; b++) {
            offsets = Math.fma(offset(w, row, b), sums[b], offsets);
          }
          want[t][row] += offsets;
        }
        for (int row = 0; row < ROWS; row++) {
          assertEquals(Float.floatToRawIntBits(want[t][row]), Float.floatToRawIntBits(got[t][row]),
              type + " token " + t + " row " + row);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_0", "Q5_0", "Q4_1", "Q5_1"})
  void preparedForVectorInt8AndForGgmlWhereItHasLanes(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, ROWS, COLS, 63 + type.ordinal());
    LayerWeights layer = new LayerWeights(new float[COLS], w, w, w, w, new float[COLS], w, w, w);
    LlamaWeights weights = new LlamaWeights(w, List.of(layer), new float[COLS], w);
    try (Arena arena = Arena.ofShared()) {
      TensorView forGgml = Int8Matmul.prepare(weights, arena, true).layers().get(0).wq();
      if (type != GgmlType.Q4_0) {
        assertSame(w, assertInstanceOf(LaneGroupedTensor.class, forGgml).source(), "GGML");
      } else { // Q4_0 of 45 rows, which b4916 does not repack
        assertSame(w, forGgml, "GGML");
      }
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
