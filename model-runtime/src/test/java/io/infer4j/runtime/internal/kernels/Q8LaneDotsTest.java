package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.tensor.ForgedView;
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

/**
 * Q8_0 rows regrouped 32 to a vector ({@link Q8LaneLayout}, {@link Q8LaneDots}) against the plain
 * int8 reference ({@link Q8Activations#dot}, llama.cpp's generic {@code vec_dot_q8_0_q8_0}): the
 * block sums are exact, so they differ by float rounding only; a batch gives each token its single
 * result bit for bit; rows past the matrix are not written.
 */
class Q8LaneDotsTest {
  @BeforeAll
  static void needsWideLanes() {
    assumeTrue(RowSpecies.WIDE, "the Q8_0 lane kernel needs native 512-bit Vector API lanes");
  }

  /** {@code w @ x[t]} through the lane kernel, in arrays 7 longer than the rows (left NaN). */
  private static float[][] lanes(SegmentTensor w, float[][] x) {
    float[][] out = new float[x.length][w.rows() + 7];
    for (float[] o : out) {
      Arrays.fill(o, Float.NaN);
    }
    try (Arena arena = Arena.ofShared()) { // written and read by the RowPool threads
      LaneGroupedTensor lanes = Q8LaneLayout.regroup(w, arena);
      RowPool.forRows(w.rows(), LaneGroupedTensor.ROWS,
          Q8LaneDots.task(lanes, out, x, x.length));
    }
    for (float[] o : out) {
      for (int r = w.rows(); r < o.length; r++) {
        assertTrue(Float.isNaN(o[r]), "row " + r + " is past the matrix's " + w.rows());
      }
    }
    return out;
  }

  /** As {@code Int8MatmulTest}: {@code blocks} rounded terms, then a few more roundings. */
  private static double bound(SegmentTensor w, int row, Q8Activations q) {
    int n = w.cols();
    float[] values = new float[n];
    w.readRow(row, values, 0);
    double magnitude = 0;
    for (int j = 0; j < n; j++) {
      magnitude += Math.abs(values[j] * q.scales()[j / 32] * q.quants()[j]);
    }
    return 2 * (n / 32 + 4) * Math.ulp(1f) / 2 * magnitude * 1.01;
  }

  private static void assertMatches(SegmentTensor w, float[] x) {
    float[] actual = lanes(w, new float[][] {x})[0];
    Q8Activations q = Q8Activations.quantize(x, w.cols());
    for (int r = 0; r < w.rows(); r++) {
      assertEquals(q.dot(w.segment(), r * GgmlType.Q8_0.byteSize(w.cols()), w.cols()), actual[r],
          bound(w, r, q), "row " + r + " of " + w.rows() + "x" + w.cols());
    }
  }

  @ParameterizedTest(name = "{0} x {1}")
  @CsvSource({"32, 32", "64, 2048", "45, 96", "5, 256", "100, 1024"})
  void rowsMatchThePlainReference(int rows, int cols) {
    Random r = new Random(rows * 31L + cols);
    try (Arena arena = Arena.ofShared()) {
      SegmentTensor w = (SegmentTensor) RandomMatrices.of(arena, r, GgmlType.Q8_0, rows, cols);
      assertMatches(w, RandomMatrices.gaussians(r, 1, cols)[0]);
    }
  }

  @Test
  void aBatchGivesEachTokenItsSingleResult() {
    Random r = new Random(3);
    try (Arena arena = Arena.ofShared()) {
      SegmentTensor w = (SegmentTensor) RandomMatrices.of(arena, r, GgmlType.Q8_0, 70, 256);
      float[][] x = RandomMatrices.gaussians(r, 3, 256);
      float[][] batch = lanes(w, x);
      for (int t = 0; t < x.length; t++) {
        float[] single = lanes(w, new float[][] {x[t]})[0];
        for (int row = 0; row < 70; row++) {
          assertEquals(Float.floatToRawIntBits(single[row]), Float.floatToRawIntBits(batch[t][row]),
              "row " + row + " token " + t);
        }
      }
    }
  }

  /**
   * Several matrices in one hand-out ({@link Q8LaneDots#tasks}, the query, key and value of a
   * decode step), two widths among them: each answers bit for bit as it does alone, and a matrix
   * that is not Q8_0 is refused by name.
   */
  @Test
  void tasksForSeveralMatricesAnswerAsEachAlone() {
    Random r = new Random(4);
    int[][] shapes = {{64, 256}, {40, 256}, {33, 96}};
    try (Arena arena = Arena.ofShared()) {
      SegmentTensor[] w = new SegmentTensor[shapes.length];
      LaneGroupedTensor[] lanes = new LaneGroupedTensor[shapes.length];
      float[][] out = new float[shapes.length][];
      int[] rows = new int[shapes.length];
      for (int j = 0; j < shapes.length; j++) {
        w[j] = (SegmentTensor) RandomMatrices.of(arena, r, GgmlType.Q8_0, shapes[j][0],
            shapes[j][1]);
        lanes[j] = Q8LaneLayout.regroup(w[j], arena);
        out[j] = new float[shapes[j][0]];
        rows[j] = shapes[j][0];
      }
      float[] x = RandomMatrices.gaussians(r, 1, 256)[0];
      RowPool.forRowsOf(rows, LaneGroupedTensor.ROWS, Q8LaneDots.tasks(lanes, out, x));
      for (int j = 0; j < shapes.length; j++) {
        float[] alone = lanes(w[j], new float[][] {Arrays.copyOf(x, shapes[j][1])})[0];
        for (int row = 0; row < rows[j]; row++) {
          assertEquals(Float.floatToRawIntBits(alone[row]), Float.floatToRawIntBits(out[j][row]),
              "matrix " + j + " row " + row);
        }
      }
      SegmentTensor q4k = (SegmentTensor) TensorViews.of("blk.0.ffn_up.weight", GgmlType.Q4_K,
          arena.allocate(GgmlType.Q4_K.byteSize(256)), 1, 256);
      LaneGroupedTensor notQ8 = new LaneGroupedTensor(q4k, new MemorySegment[1]);
      var e = assertThrows(IllegalArgumentException.class,
          () -> Q8LaneDots.tasks(new LaneGroupedTensor[] {lanes[0], notQ8}, out, x));
      assertTrue(e.getMessage().contains(notQ8.name()), e.getMessage());
    }
  }

  /** Codes -128 against activation codes -127 everywhere: the 16-bit pair sums at their fullest. */
  @Test
  void extremeCodesStayExact() {
    int rows = 33;
    int cols = 64;
    byte[] bytes = new byte[rows * cols / 32 * 34];
    Arrays.fill(bytes, (byte) -128);
    short one = Float.floatToFloat16(1f);
    for (int at = 0; at < bytes.length; at += 34) {
      bytes[at] = (byte) one;
      bytes[at + 1] = (byte) (one >> 8);
    }
    SegmentTensor w = (SegmentTensor) TensorViews.of("w", GgmlType.Q8_0,
        MemorySegment.ofArray(bytes), rows, cols);
    float[] x = new float[cols];
    Arrays.fill(x, -1f); // codes -127, scale fp16(1/127)
    assertMatches(w, x);
    Q8Activations q = Q8Activations.quantize(x, cols);
    double exact = cols * 128.0 * 127 * q.scales()[0];
    float actual = lanes(w, new float[][] {x})[0][rows - 1];
    assertTrue(Math.abs(actual - exact) <= 1e-6 * exact, actual + " vs " + exact);
  }

  /**
   * Extreme codes of random signs against activation codes of +-127: the pair sums of an even row
   * (the low half of a 32-bit lane) and of the odd row beside it (the high half) at their fullest
   * with every mix of signs, so a negative low half must not borrow from the high one.
   */
  @Test
  void neighbouringRowsOfOppositeSignsStayExact() {
    int rows = 64;
    int cols = 256;
    Random r = new Random(11);
    byte[] bytes = new byte[rows * cols / 32 * 34];
    short one = Float.floatToFloat16(1f);
    for (int at = 0; at < bytes.length; at += 34) {
      bytes[at] = (byte) one;
      bytes[at + 1] = (byte) (one >> 8);
      for (int j = 0; j < 32; j++) {
        bytes[at + 2 + j] = r.nextBoolean() ? (byte) -128 : (byte) 127;
      }
    }
    SegmentTensor w = (SegmentTensor) TensorViews.of("w", GgmlType.Q8_0,
        MemorySegment.ofArray(bytes), rows, cols);
    float[] x = new float[cols];
    for (int j = 0; j < cols; j++) {
      x[j] = r.nextBoolean() ? 1f : -1f; // codes +-127
    }
    assertMatches(w, x);
  }

  /** Subnormal fp16 scales (and zero) widen exactly, as the reference widens them. */
  @Test
  void subnormalScalesMatchTheReference() {
    int rows = 32;
    int cols = 64;
    Random r = new Random(12);
    byte[] bytes = new byte[rows * cols / 32 * 34];
    r.nextBytes(bytes);
    short[] scales = {0x0001, 0x03FF, 0x0200, 0x0000, (short) 0x8001, 0x0400};
    for (int b = 0, at = 0; at < bytes.length; b++, at += 34) {
      short h = scales[b % scales.length];
      bytes[at] = (byte) h;
      bytes[at + 1] = (byte) (h >> 8);
    }
    SegmentTensor w = (SegmentTensor) TensorViews.of("w", GgmlType.Q8_0,
        MemorySegment.ofArray(bytes), rows, cols);
    float[] x = RandomMatrices.gaussians(r, 1, cols)[0];
    float[] actual = lanes(w, new float[][] {x})[0];
    Q8Activations q = Q8Activations.quantize(x, cols);
    for (int row = 0; row < rows; row++) {
      float expected = q.dot(w.segment(), row * GgmlType.Q8_0.byteSize(cols), cols);
      assertEquals(expected, actual[row], Math.abs(expected) * 1e-5f + Float.MIN_NORMAL,
          "row " + row);
    }
  }

  /** A scale of infinity or NaN (a damaged file) reaches the result as the reference's does. */
  @Test
  void nonFiniteScalesStayNonFinite() {
    int cols = 64;
    byte[] bytes = new byte[2 * cols / 32 * 34];
    Arrays.fill(bytes, (byte) 3);
    short[] scales = {(short) 0x7C00, Float.floatToFloat16(0.25f), (short) 0x7E00,
        Float.floatToFloat16(-0.5f)}; // +inf, 0.25 (row 0); NaN, -0.5 (row 1)
    for (int b = 0; b < scales.length; b++) {
      bytes[34 * b] = (byte) scales[b];
      bytes[34 * b + 1] = (byte) (scales[b] >> 8);
    }
    SegmentTensor w = (SegmentTensor) TensorViews.of("w", GgmlType.Q8_0,
        MemorySegment.ofArray(bytes), 2, cols);
    float[] x = new float[cols];
    Arrays.fill(x, 1f);
    float[] actual = lanes(w, new float[][] {x})[0];
    Q8Activations q = Q8Activations.quantize(x, cols);
    assertEquals(Float.POSITIVE_INFINITY, q.dot(w.segment(), 0, cols));
    assertEquals(Float.POSITIVE_INFINITY, actual[0]);
    assertTrue(Float.isNaN(q.dot(w.segment(), 68, cols)));
    assertTrue(Float.isNaN(actual[1]), "row 1: " + actual[1]);
  }

  @Test
  void badInputIsRefusedByName() {
    try (Arena arena = Arena.ofShared()) {
      SegmentTensor q4 = (SegmentTensor) RandomMatrices.of(arena, new Random(1), GgmlType.Q4_1, 2,
          64); // a nibble type: Q4LaneLayout's, not this layout's
      var notQ8 = assertThrows(IllegalArgumentException.class,
          () -> Q8LaneLayout.regroup(q4, arena));
      assertTrue(notQ8.getMessage().contains("Q4_1"), notQ8.getMessage());
      SegmentTensor two = (SegmentTensor) RandomMatrices.of(arena, new Random(2), GgmlType.Q8_0,
          1, 64);
      SegmentTensor shortOne = new ForgedView(two, 64, 34);
      var tooShort = assertThrows(IllegalArgumentException.class,
          () -> Q8LaneLayout.regroup(shortOne, arena));
      assertTrue(tooShort.getMessage().contains("68 bytes") && tooShort.getMessage().contains(
          "forged"), tooShort.getMessage());
      var partBlock = assertThrows(IllegalArgumentException.class,
          () -> Q8LaneLayout.regroup(new ForgedView(two, 48, 1 << 10), arena));
      assertTrue(partBlock.getMessage().contains("1x48"), partBlock.getMessage());
    }
  }

  @Test
  void aRegroupedMatrixAnswersAsItsSource() {
    try (Arena arena = Arena.ofShared()) {
      SegmentTensor w = (SegmentTensor) RandomMatrices.of(arena, new Random(2), GgmlType.Q8_0, 3,
          64);
      LaneGroupedTensor lanes = Q8LaneLayout.regroup(w, arena);
      assertSame(w.segment(), lanes.segment());
      assertSame(w, lanes.source());
      float[] a = new float[64];
      float[] b = new float[64];
      w.readRow(2, a, 0);
      lanes.readRow(2, b, 0);
      assertEquals(Arrays.toString(a), Arrays.toString(b));
      assertEquals(GgmlType.Q8_0, lanes.type());
    }
  }
}
