package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.kernels.Q8LaneQuadDots;
import io.infer4j.runtime.internal.kernels.Q8LaneQuadTiles;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link QuantMulMat} on Q8_0 and K-quant rows regrouped a row per vector lane ({@link
 * Q8LaneQuadDots}, for prompts {@link Q8LaneQuadTiles}, {@link Q4KLaneQuadDots}, {@link
 * KLaneQuadDots}) against llama.cpp's scalar
 * order ({@link Dots#q8}: 8 lanes of 4 products, {@code hsum_float_8}; {@link KDots}), bit for
 * bit, for single tokens and batches, rows past a whole group, extreme codes and subnormal
 * scales; the regrouping leaves other types as they are.
 */
class LaneQuadDotsTest {
  @BeforeAll
  static void needsWideLanes() {
    assumeTrue(WideLanes.NATIVE && VectorChoice.ENABLED,
        "the Q8_0 lane kernel needs native 512-bit Vector API lanes");
  }

  /** A Q8_0 matrix of random codes whose scales are the fp16 bits {@code scale.apply(block)}. */
  private static SegmentTensor matrix(Random r, int rows, int cols, ScaleBits scale) {
    byte[] bytes = new byte[rows * cols / 32 * 34];
    r.nextBytes(bytes);
    for (int at = 0, block = 0; at < bytes.length; at += 34, block++) {
      short bits = scale.of(block);
      bytes[at] = (byte) bits;
      bytes[at + 1] = (byte) (bits >> 8);
    }
    return (SegmentTensor) TensorViews.of("blk.0.attn_q.weight", GgmlType.Q8_0,
        MemorySegment.ofArray(bytes), rows, cols);
  }

  private interface ScaleBits {
    short of(int block);
  }

  /** What llama.cpp's scalar order gives for each row and token. */
  private static float[][] scalar(SegmentTensor w, float[][] x) {
    int k = w.cols();
    float[][] out = new float[x.length][w.rows()];
    QuantRow row = new QuantRow(GgmlType.Q8_0, k);
    for (int t = 0; t < x.length; t++) {
      byte[] qs = new byte[k];
      float[] d = new float[k / 32];
      Q8Quantizer.quantize(x[t], k, qs, d);
      for (int r = 0; r < w.rows(); r++) {
        row.read(w, r, true);
        out[t][r] = Dots.q8(row.q, row.d, qs, d, k);
      }
    }
    return out;
  }

  /** {@code w @ x[t]} through the lane kernel, in arrays 5 longer than the rows (left NaN). */
  private static float[][] lanes(SegmentTensor w, float[][] x) {
    float[][] out = new float[x.length][w.rows() + 5];
    for (float[] o : out) {
      Arrays.fill(o, Float.NaN);
    }
    try (Arena arena = Arena.ofShared()) {
      QuantMulMat.mul(out, Int8Matmul.regroup(w, arena, true), x, x.length);
    }
    for (float[] o : out) {
      for (int r = w.rows(); r < o.length; r++) {
        assertTrue(Float.isNaN(o[r]), "row " + r + " is past the matrix's " + w.rows());
      }
    }
    return out;
  }

  private static void assertBitsEqual(SegmentTensor w, float[][] x) {
    float[][] expected = scalar(w, x);
    float[][] actual = lanes(w, x);
    for (int t = 0; t < x.length; t++) {
      for (int r = 0; r < w.rows(); r++) {
        assertEquals(Float.floatToRawIntBits(expected[t][r]), Float.floatToRawIntBits(actual[t][r]),
            "token " + t + " row " + r + " of " + w.rows() + "x" + w.cols() + ": "
                + expected[t][r] + " vs " + actual[t][r]);
      }
    }
  }

  @ParameterizedTest(name = "{0} x {1}, {2} tokens")
  @CsvSource({"32, 32, 1", "64, 2048, 1", "45, 96, 3", "5, 256, 2", "100, 1024, 1",
      // from Q8LaneQuadTiles.MIN_TOKENS tokens on, tiles of weights widened once for all tokens:
      // part tiles (3, 9, 17 blocks), token counts not a multiple of the 4 a pass takes
      "45, 96, 9", "33, 288, 8", "70, 544, 13", "64, 2048, 16"})
  void matchLlamaCppsScalarOrderBitForBit(int rows, int cols, int tokens) {
    Random r = new Random(rows * 31L + cols);
    SegmentTensor w = matrix(r, rows, cols,
        b -> Float.floatToFloat16((float) Math.abs(r.nextGaussian()) * 0.01f));
    float[][] x = new float[tokens][];
    for (int t = 0; t < tokens; t++) {
      x[t] = VectorDotsTest.activations(cols, r.nextLong());
    }
    assertBitsEqual(w, x);
  }

  /**
   * Codes -128 or 127 of random signs against activation codes of +-127: each quad at its
   * fullest with every mix of signs in an even row (low half of a 32-bit lane) and the odd row
   * beside it (high half).
   */
  @Test
  void extremeCodesOfMixedSignsStayExact() {
    int rows = 64;
    int cols = 256;
    Random r = new Random(11);
    SegmentTensor w = matrix(r, rows, cols, b -> Float.floatToFloat16(1f));
    for (int at = 0; at < rows * cols / 32 * 34; at += 34) {
      for (int j = 0; j < 32; j++) {
        w.segment().set(java.lang.foreign.ValueLayout.JAVA_BYTE, at + 2 + j,
            r.nextBoolean() ? (byte) -128 : (byte) 127);
      }
    }
    float[][] x = new float[Q8LaneQuadTiles.MIN_TOKENS + 1][cols];
    for (float[] token : x) {
      for (int j = 0; j < cols; j++) {
        token[j] = r.nextBoolean() ? 1f : -1f; // codes +-127
      }
    }
    assertBitsEqual(w, new float[][] {x[0]}); // a token at a time
    assertBitsEqual(w, x); // in tiles
  }

  /** Subnormal fp16 scales, zero and negative ones widen exactly, as the scalar order's do. */
  @Test
  void subnormalAndNegativeScalesMatch() {
    short[] bits = {0x0001, 0x03FF, 0x0200, 0x0000, (short) 0x8001, 0x0400, (short) 0xBC00};
    Random r = new Random(12);
    SegmentTensor w = matrix(r, 40, 128, b -> bits[b % bits.length]);
    assertBitsEqual(w, new float[][] {VectorDotsTest.activations(128, 1),
        VectorDotsTest.activations(128, 2)});
    float[][] prompt = new float[Q8LaneQuadTiles.MIN_TOKENS][];
    for (int t = 0; t < prompt.length; t++) {
      prompt[t] = VectorDotsTest.activations(128, 3 + t);
    }
    assertBitsEqual(w, prompt);
  }

  /** What llama.cpp's scalar order gives for each row of a K-quant matrix and token. */
  private static float[][] scalarK(SegmentTensor w, float[][] x) {
    int k = w.cols();
    float[][] out = new float[x.length][w.rows()];
    QuantRow row = new QuantRow(w.type(), k);
    for (int t = 0; t < x.length; t++) {
      byte[] qs = new byte[k];
      float[] d = new float[k / 256];
      int[] bsums = new int[k / 16];
      Q8KQuantizer.quantize(x[t], k, qs, d, bsums);
      for (int r = 0; r < w.rows(); r++) {
        row.read(w, r, true);
        out[t][r] = switch (w.type()) {
          case Q4_K -> KDots.q4K(row, qs, d, bsums, k);
          case Q5_K -> KDots.q5K(row, qs, d, bsums, k);
          default -> KDots.q6K(row, qs, d, k);
        };
      }
    }
    return out;
  }

  private static void assertKBitsEqual(SegmentTensor w, float[][] x) {
    float[][] expected = scalarK(w, x);
    float[][] actual = new float[x.length][w.rows() + 5];
    for (float[] o : actual) {
      Arrays.fill(o, Float.NaN);
    }
    try (Arena arena = Arena.ofShared()) {
      QuantMulMat.mul(actual, Int8Matmul.regroup(w, arena, true), x, x.length);
    }
    for (int t = 0; t < x.length; t++) {
      for (int r = 0; r < w.rows(); r++) {
        assertEquals(Float.floatToRawIntBits(expected[t][r]), Float.floatToRawIntBits(actual[t][r]),
            w.type() + " token " + t + " row " + r + " of " + w.rows() + "x" + w.cols() + ": "
                + expected[t][r] + " vs " + actual[t][r]);
      }
      for (int r = w.rows(); r < actual[t].length; r++) {
        assertTrue(Float.isNaN(actual[t][r]), "row " + r + " is past the matrix's " + w.rows());
      }
    }
  }

  /**
   * Q4_0 rows of a shape b4916 repacks in nibble lanes ({@code Q8LaneDots}' Q4_0 lanes: {@link
   * LegacyDots#q4_0x8}'s one accumulator per output, from 8 tokens on in tiles), Q5_0 rows in
   * Q8_0 lanes ({@link Q8LaneQuadDots}, from 8 tokens on {@link Q8LaneQuadTiles}: {@link
   * Dots#q8}'s order), Q5_1 rows in those lanes with their offsets and Q4_1 rows in nibble lanes
   * ({@code Q4LaneQuadDots}), both {@link LegacyDots#q8_1}'s order, through
   * {@link QuantMulMat} against the same matrix in the file's layout, bit for bit. A Q4_0 matrix
   * of 45 rows (not repacked by b4916) is left in the file's layout by {@code GGML}'s prepare and,
   * handed over regrouped all the same, multiplied from its source rows.
   */
  @ParameterizedTest(name = "{0} {1} x {2}, {3} tokens")
  @CsvSource({"Q4_0, 32, 256, 1", "Q4_0, 40, 512, 3", "Q4_0, 64, 2048, 1", "Q4_0, 72, 96, 9",
      "Q4_0, 64, 2048, 13", "Q4_0, 45, 256, 2", "Q5_0, 32, 256, 1", "Q5_0, 45, 96, 3",
      "Q5_0, 64, 2048, 1", "Q5_0, 33, 288, 8", "Q5_0, 70, 544, 13", "Q5_1, 32, 256, 1",
      "Q5_1, 45, 96, 3", "Q5_1, 64, 2048, 1", "Q5_1, 33, 288, 8", "Q5_1, 70, 544, 13",
      "Q4_1, 32, 256, 1", "Q4_1, 45, 96, 3", "Q4_1, 64, 2048, 1", "Q4_1, 33, 288, 8",
      "Q4_1, 70, 544, 13"})
  void legacyTypesInLanesMatchTheFileLayoutBitForBit(GgmlType type, int rows, int cols,
      int tokens) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, rows, cols, rows * 41L + cols);
    Random r = new Random(rows * 43L + cols);
    float[][] x = new float[tokens][];
    for (int t = 0; t < tokens; t++) {
      x[t] = VectorDotsTest.activations(cols, r.nextLong());
    }
    assertEquals(type == GgmlType.Q4_0 && rows % 8 != 0, Int8Matmul.ggmlKeepsFileLayout(w));
    assertLegacyBitsEqual(w, x);
  }

  /**
   * Every code at its largest (all bits set: Q4_0 and Q4_1 nibbles 15, Q5_0 and Q5_1 codes 31),
   * scales and offsets 0.5, against activation codes -127: each quad's and block's sums at their
   * fullest, a token at a time and in tiles.
   */
  @ParameterizedTest
  @EnumSource(names = {"Q4_0", "Q5_0", "Q4_1", "Q5_1"})
  void legacyExtremeCodesStayExact(GgmlType type) {
    int rows = 40;
    int cols = 512;
    SegmentTensor w = (SegmentTensor) TensorViews.of("w", type,
        MemorySegment.ofArray(QuantDotsTest.allBitsSet(type, rows, cols)), rows, cols);
    float[] negative = new float[cols];
    Arrays.fill(negative, -2f);
    assertLegacyBitsEqual(w, new float[][] {negative});
    float[][] prompt = new float[Q8LaneQuadTiles.MIN_TOKENS + 1][];
    Arrays.fill(prompt, negative);
    assertLegacyBitsEqual(w, prompt);
  }

  /** {@code w} regrouped through {@link QuantMulMat} against its file layout, bit for bit. */
  private static void assertLegacyBitsEqual(SegmentTensor w, float[][] x) {
    int rows = w.rows();
    int tokens = x.length;
    float[][] expected = new float[tokens][rows];
    QuantMulMat.mul(expected, w, x, tokens);
    float[][] actual = new float[tokens][rows + 5];
    for (float[] o : actual) {
      Arrays.fill(o, Float.NaN);
    }
    try (Arena arena = Arena.ofShared()) {
      QuantMulMat.mul(actual, Int8Matmul.regroup(w, arena, true), x, tokens);
    }
    for (int t = 0; t < tokens; t++) {
      for (int row = 0; row < rows; row++) {
        assertEquals(Float.floatToRawIntBits(expected[t][row]),
            Float.floatToRawIntBits(actual[t][row]), w.type() + " token " + t + " row " + row
                + " of " + rows + "x" + w.cols() + ": " + expected[t][row] + " vs "
                + actual[t][row]);
      }
      for (int row = rows; row < actual[t].length; row++) {
        assertTrue(Float.isNaN(actual[t][row]), "row " + row + " is past the matrix's " + rows);
      }
    }
  }

  /**
   * K-quant rows in {@code GGML}'s lanes ({@link Q4KLaneQuadDots}, {@link Q5KPackedQuadDots},
   * {@link KLaneQuadDots}, for prompts {@link KLaneQuadTiles}) against {@link KDots}, bit for bit.
   */
  @ParameterizedTest(name = "{0} {1} x {2}, {3} tokens")
  @CsvSource({"Q4_K, 32, 256, 1", "Q4_K, 64, 2048, 1", "Q4_K, 40, 512, 3", "Q4_K, 5, 768, 2",
      "Q4_K, 97, 256, 1", "Q5_K, 32, 256, 1", "Q5_K, 45, 512, 2", "Q5_K, 64, 2048, 1",
      "Q6_K, 32, 256, 1", "Q6_K, 45, 512, 2", "Q6_K, 64, 2048, 1",
      // from KLaneQuadTiles.MIN_TOKENS tokens on, in tiles: token counts not a multiple of 4
      "Q4_K, 40, 512, 8", "Q4_K, 97, 768, 11", "Q4_K, 64, 2048, 13", "Q5_K, 45, 512, 9",
      "Q5_K, 64, 2048, 8", "Q6_K, 45, 512, 9", "Q6_K, 64, 2048, 8"})
  void kQuantsMatchLlamaCppsScalarOrderBitForBit(GgmlType type, int rows, int cols, int tokens) {
    Random r = new Random(rows * 37L + cols);
    SegmentTensor w = QuantDotsTest.randomMatrix(type, rows, cols, rows * 31L + cols);
    float[][] x = new float[tokens][];
    for (int t = 0; t < tokens; t++) {
      x[t] = VectorDotsTest.activations(cols, r.nextLong());
    }
    assertKBitsEqual(w, x);
  }

  /**
   * The decode kernels called on a range of groups, as each thread of the row crew calls them:
   * any range gives the rows the whole matrix gives, bit for bit, and writes no row outside it.
   */
  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void kQuantGroupRangesMatchTheWholeMatrix(GgmlType type) {
    int rows = 150; // 5 groups, the last a part group
    int cols = 768;
    SegmentTensor w = QuantDotsTest.randomMatrix(type, rows, cols, 77);
    Q8KCodes[] x = {Q8KCodes.quantize(VectorDotsTest.activations(cols, 5), cols)};
    try (Arena arena = Arena.ofShared()) {
      MemorySegment[] groups =
          assertInstanceOf(LaneGroupedTensor.class, Int8Matmul.regroup(w, arena, true)).groups();
      float[][] whole = kernelGroups(type, groups, rows, cols, x, 0, 5);
      for (int[] range : new int[][] {{0, 1}, {1, 3}, {2, 3}, {3, 5}, {4, 5}, {2, 2}}) {
        float[][] part = kernelGroups(type, groups, rows, cols, x, range[0], range[1]);
        for (int r = 0; r < rows; r++) {
          boolean inside = r >= 32 * range[0] && r < 32 * range[1];
          String where = type + " groups [" + range[0] + ", " + range[1] + ") row " + r;
          if (inside) {
            assertEquals(Float.floatToRawIntBits(whole[0][r]),
                Float.floatToRawIntBits(part[0][r]), where);
          } else {
            assertTrue(Float.isNaN(part[0][r]), where + " is outside the range");
          }
        }
      }
    }
  }

  private static float[][] kernelGroups(GgmlType type, MemorySegment[] groups, int rows, int cols,
      Q8KCodes[] x, int from, int to) {
    float[][] out = new float[x.length][rows];
    for (float[] o : out) {
      Arrays.fill(o, Float.NaN);
    }
    if (type == GgmlType.Q4_K) {
      Q4KLaneQuadDots.groups(groups, rows, cols, x, x.length, from, to, out);
    } else if (type == GgmlType.Q5_K) {
      short[][] tables = {Q5KPackedQuadDots.fifthBitTables(x[0].wide())};
      Q5KPackedQuadDots.groups(groups, rows, cols, x, tables, x.length, from, to, out);
    } else {
      KLaneQuadDots.groups(groups, rows, cols, x, x.length, from, to, out);
    }
    return out;
  }

  /**
   * Every code, scale and min at its largest (all bits set) against activation codes -127: the
   * quads, their scaled sums and the mins at their fullest; Q6_K's scales then -1, and again
   * with every code -32 and the first scale 1, then every scale -128. A token at a time and in
   * tiles.
   */
  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void kQuantExtremeCodesStayExact(GgmlType type) {
    int rows = 33;
    int cols = 512;
    byte[] bytes = QuantDotsTest.allBitsSet(type, rows, cols);
    SegmentTensor w = (SegmentTensor) TensorViews.of("w", type, MemorySegment.ofArray(bytes),
        rows, cols);
    float[] negative = new float[cols];
    Arrays.fill(negative, -2f);
    assertKBitsEqual(w, new float[][] {negative});
    float[][] prompt = new float[KLaneQuadTiles.MIN_TOKENS + 1][];
    Arrays.fill(prompt, negative);
    assertKBitsEqual(w, prompt); // in tiles
    if (type == GgmlType.Q6_K) {
      QuantDotsTest.q6KCodesAtMinus32(bytes);
      assertKBitsEqual(w, new float[][] {negative});
      // every scale -128 too: each weight 4096, each product with a code of -128 2^19, a lane's
      // 32 of them 2^24, the most a float holds exactly, where the tiles form them in floats
      for (int at = 0; at < bytes.length; at += GgmlType.Q6_K.blockBytes()) {
        Arrays.fill(bytes, at + 192, at + 208, (byte) -128);
      }
      assertKBitsEqual(w, new float[][] {negative});
      assertKBitsEqual(w, prompt);
    }
  }

  /**
   * {@code GGML}'s Q5_K copy keeps five bits a code ({@link Q5KPackedLayout}: 192 bytes a row and
   * super-block), and the budget counts what it allocates; a Q5_K matrix in {@code VECTOR_INT8}'s
   * layout (a byte a code) given to {@code GGML}'s product runs from the file's rows, with ggml's
   * bits all the same.
   */
  @Test
  void ggmlsQ5KCopyIsPackedAndTheInt8LayoutFallsBackToTheFile() {
    int rows = 40;
    int cols = 512;
    SegmentTensor w = QuantDotsTest.randomMatrix(GgmlType.Q5_K, rows, cols, 3);
    float[][] x = {VectorDotsTest.activations(cols, 1)};
    float[][] expected = scalarK(w, x);
    try (Arena arena = Arena.ofShared()) {
      LaneGroupedTensor packed = (LaneGroupedTensor) Int8Matmul.regroup(w, arena, true);
      assertTrue(Q5KPackedLayout.holds(packed));
      assertEquals(cols / 256 * 192 * 32, packed.groups()[0].byteSize());
      assertEquals(packed.groups().length * packed.groups()[0].byteSize(),
          Int8Matmul.regroupedBytes(w, true));
      LaneGroupedTensor int8 = (LaneGroupedTensor) Int8Matmul.regroup(w, arena);
      assertFalse(Q5KPackedLayout.holds(int8));
      float[][] actual = new float[1][rows];
      QuantMulMat.mul(actual, int8, x, 1);
      for (int r = 0; r < rows; r++) {
        assertEquals(Float.floatToRawIntBits(expected[0][r]), Float.floatToRawIntBits(actual[0][r]),
            "row " + r);
      }
    }
  }

  /**
   * The layouts {@code GGML} mode reads are the default kernels' ({@link Int8Matmul#regroup}):
   * Q8_0 and K-quant matrices regrouped, Q4_0, Q5_0, Q4_1 and Q5_1 too (the default kernels
   * read them as Q8_0 lanes or, Q4_0 and Q4_1, as nibble lanes, each group the size its layout
   * gives; {@code GGML} is not given those, {@code LegacyLanesTest}), float matrices left on the
   * file's rows.
   */
  @Test
  void regroupTakesTheLaneTypesOnly() {
    try (Arena arena = Arena.ofShared()) {
      for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q5_0,
          GgmlType.Q4_1, GgmlType.Q5_1, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K}) {
        SegmentTensor w = (SegmentTensor) TensorViews.of("blk.0.ffn_up.weight", type,
            arena.allocate(type.byteSize(256) * 32), 32, 256);
        LaneGroupedTensor lanes =
            assertInstanceOf(LaneGroupedTensor.class, Int8Matmul.regroup(w, arena), type.name());
        long chunk = switch (type) { // bytes per 32 rows by 32 columns in each layout
          case Q8_0, Q5_0 -> 1088; // Q8LaneLayout: 32 x 32 codes, 32 fp16 scales
          case Q5_1 -> 1152; // and 32 fp16 offsets
          case Q4_0 -> 576; // Q4LaneLayout: the file's bytes
          case Q4_1 -> 640;
          default -> lanes.groups()[0].byteSize() / 8; // the K-quants: their own layouts
        };
        assertEquals(8 * chunk, lanes.groups()[0].byteSize(), type.name());
      }
      SegmentTensor f16 = (SegmentTensor) TensorViews.of("blk.0.ffn_up.weight", GgmlType.F16,
          arena.allocate(GgmlType.F16.byteSize(256) * 32), 32, 256);
      assertSame(f16, Int8Matmul.regroup(f16, arena));
    }
  }
}
