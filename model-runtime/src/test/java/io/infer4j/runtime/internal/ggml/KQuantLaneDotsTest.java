package io.infer4j.runtime.internal.ggml;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * K-quant rows regrouped 32 to a vector (Q4_K: {@link Q4KLaneLayout}, {@link Q4KLaneDots}; Q5_K,
 * Q6_K: {@link KLaneLayout}, {@link KLaneDots}) against the plain definition of a K-quant x Q8_K
 * dot product ({@link KQuantInt8RowsTest#reference}, integer sums, double) and against the
 * row-at-a-time kernels ({@link K4Int8Rows}, {@link Q6KInt8Rows}): the integers are exact, so all
 * three differ by float rounding only; a batch gives each token its single result bit for bit;
 * row counts that do not fill the last group write no more rows than there are.
 */
class KQuantLaneDotsTest {
  @BeforeAll
  static void needsWideLanes() {
    assumeTrue(VectorChoice.ENABLED && WideLanes.NATIVE,
        "the K-quant lane kernels need native 512-bit Vector API lanes (AVX-512)");
  }

  /** {@code w} regrouped in {@code arena} as {@link Int8Matmul#prepare} does. */
  private static LaneGroupedTensor regroup(SegmentTensor w, Arena arena) {
    return (LaneGroupedTensor) Int8Matmul.regroup(w, arena);
  }

  /** {@code w @ x[t]} through the lane kernel, in arrays 7 longer than the rows (left NaN). */
  private static float[][] lanes(SegmentTensor w, Q8KCodes[] x) {
    int rows = w.rows();
    float[][] out = new float[x.length][rows + 7];
    for (float[] o : out) {
      Arrays.fill(o, Float.NaN);
    }
    try (Arena arena = Arena.ofShared()) { // written and read by the RowPool threads
      MemorySegment[] groups = regroup(w, arena).groups();
      int to = LaneGroupedTensor.groups(rows);
      if (w.type() == GgmlType.Q4_K) {
        Q4KLaneDots.groups(groups, rows, w.cols(), x, x.length, 0, to, out,
            KLaneRows.Scratch.forTokens(x.length));
      } else {
        KLaneDots.groups(groups, w.type() == GgmlType.Q5_K, rows, w.cols(), x, x.length, 0, to,
            out, KLaneRows.Scratch.forTokens(x.length));
      }
    }
    for (float[] o : out) {
      for (int r = rows; r < o.length; r++) {
        assertTrue(Float.isNaN(o[r]), "row " + r + " is past the matrix's " + rows);
      }
    }
    return out;
  }

  private static void assertMatches(SegmentTensor w, float[] x) {
    int cols = w.cols();
    GgmlType type = w.type();
    Q8KCodes y = Q8KCodes.quantize(x, cols);
    float[] actual = lanes(w, new Q8KCodes[] {y})[0];
    QuantRow row = new QuantRow(type, cols, false);
    long rowBytes = cols / 256L * type.blockBytes();
    for (int r = 0; r < w.rows(); r++) {
      row.read(w, r);
      double tolerance = KQuantInt8RowsTest.tolerance(row, y);
      String where = type + " row " + r + " of " + w.rows() + "x" + cols;
      assertEquals(KQuantInt8RowsTest.reference(row, y), actual[r], tolerance,
          where + ", definition");
      float rowKernel = type == GgmlType.Q6_K
          ? KQuantInt8RowsTest.q6K(w.segment(), r * rowBytes, y, cols)
          : K4Int8Rows.dot(type, w.segment(), r * rowBytes, y, cols);
      assertEquals(rowKernel, actual[r], 2 * tolerance, where + ", row kernel");
    }
  }

  @ParameterizedTest(name = "{0}: {1} x {2}")
  @CsvSource({"Q4_K, 32, 256", "Q4_K, 64, 2048", "Q4_K, 40, 512", "Q4_K, 5, 768", "Q4_K, 97, 256",
      "Q5_K, 32, 256", "Q5_K, 45, 1024", "Q5_K, 3, 512", "Q6_K, 32, 256", "Q6_K, 70, 2048",
      "Q6_K, 7, 768"})
  void rowsMatchTheDefinitionAndTheRowKernels(GgmlType type, int rows, int cols) {
    assertMatches(QuantDotsTest.randomMatrix(type, rows, cols, rows * 31L + cols),
        KQuantInt8RowsTest.gaussians(rows + 7L * cols, cols));
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void aBatchGivesEachTokenItsSingleResult(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, 45, 512, 41);
    Q8KCodes[] y = new Q8KCodes[3];
    for (int t = 0; t < y.length; t++) {
      y[t] = Q8KCodes.quantize(KQuantInt8RowsTest.gaussians(42 + t, 512), 512);
    }
    float[][] batch = lanes(w, y);
    for (int t = 0; t < y.length; t++) {
      float[] single = lanes(w, new Q8KCodes[] {y[t]})[0];
      for (int r = 0; r < 45; r++) {
        assertEquals(Float.floatToRawIntBits(single[r]), Float.floatToRawIntBits(batch[t][r]),
            type + " row " + r + " token " + t);
      }
    }
  }

  /**
   * Every byte 0xFF, d = dmin = 0.5 (Q6_K: d = 0.5 at byte 208, int8 scales -1): the largest
   * codes, scales and mins against activation codes -127 everywhere; and for Q6_K every code
   * byte 0 (code -32, its largest magnitude) against the same activations: eight products of
   * 4064 in a 16-bit lane, the fullest those sums get.
   */
  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void extremeCodesStayExact(GgmlType type) {
    int rows = 33;
    int cols = 512;
    byte[] bytes = QuantDotsTest.allBitsSet(type, rows, cols);
    SegmentTensor w = (SegmentTensor) TensorViews.of("w", type, MemorySegment.ofArray(bytes),
        rows, cols);
    float[] negative = new float[cols];
    Arrays.fill(negative, -2f); // every activation code -127
    assertMatches(w, negative);
    Q8KCodes y = Q8KCodes.quantize(negative, cols);
    // per super-block, as KQuantInt8RowsTest.extremeCodesStayExact
    double perBlock = switch (type) {
      case Q4_K -> 0.5 * 63 * 256 * -127.0 * (15 - 1);
      case Q5_K -> 0.5 * 63 * 256 * -127.0 * (31 - 1);
      default -> 0.5 * -1 * 256 * 31 * -127.0;
    };
    double exact = 2 * y.d()[0] * perBlock;
    float actual = lanes(w, new Q8KCodes[] {y})[0][rows - 1];
    assertTrue(Math.abs(actual - exact) <= 1e-6 * Math.abs(exact), actual + " vs " + exact);
    if (type == GgmlType.Q6_K) {
      QuantDotsTest.q6KCodesAtMinus32(bytes);
      assertEquals(-127, y.wide()[5]);
      assertMatches(w, negative);
      float thirtyTwo = lanes(w, new Q8KCodes[] {y})[0][0];
      double expected = 2 * y.d()[0] * 0.5 * 256 * -32 * -127.0 * (1 - 15) / 16;
      assertTrue(Math.abs(thirtyTwo - expected) <= 1e-6 * Math.abs(expected),
          thirtyTwo + " vs " + expected);
    }
  }

  @Test
  void badShapesAreRefusedByName() {
    SegmentTensor w = QuantDotsTest.randomMatrix(GgmlType.Q4_K, 4, 256, 5);
    try (Arena arena = Arena.ofShared()) {
      var wrongCols = assertThrows(IllegalArgumentException.class,
          () -> Q4KLaneLayout.regroup(new ForgedView(w, 300, 1 << 20), arena));
      assertTrue(wrongCols.getMessage().contains("4x300"), wrongCols.getMessage());
      var tooShort = assertThrows(IllegalArgumentException.class,
          () -> Q4KLaneLayout.regroup(new ForgedView(w, 256, 500), arena));
      assertTrue(tooShort.getMessage().contains("576 bytes"), tooShort.getMessage());
      var notQ4K = assertThrows(IllegalArgumentException.class, () -> Q4KLaneLayout.regroup(
          QuantDotsTest.randomMatrix(GgmlType.Q6_K, 4, 256, 6), arena));
      assertTrue(notQ4K.getMessage().contains("Q6_K"), notQ4K.getMessage());
      var tooShortK = assertThrows(IllegalArgumentException.class, () -> KLaneLayout.regroup(
          new ForgedView(QuantDotsTest.randomMatrix(GgmlType.Q5_K, 4, 256, 6), 256, 100), arena));
      assertTrue(tooShortK.getMessage().contains("704 bytes"), tooShortK.getMessage());
      var partK = assertThrows(IllegalArgumentException.class, () -> KLaneLayout.regroup(
          new ForgedView(QuantDotsTest.randomMatrix(GgmlType.Q6_K, 4, 256, 6), 300, 1 << 20),
          arena));
      assertTrue(partK.getMessage().contains("4x300"), partK.getMessage());
      var notKQuant = assertThrows(IllegalArgumentException.class,
          () -> KLaneLayout.regroup(QuantDotsTest.randomMatrix(GgmlType.Q4_0, 4, 256, 6), arena));
      assertTrue(notKQuant.getMessage().contains("Q4_0"), notKQuant.getMessage());
      var notLanes = assertThrows(IllegalArgumentException.class, () -> new LaneGroupedTensor(
          (SegmentTensor) TensorViews.of("f16", GgmlType.F16, arena.allocate(4 * 256 * 2), 4,
              256), new MemorySegment[1]));
      assertTrue(notLanes.getMessage().contains("F16"), notLanes.getMessage());
      var wrongGroups = assertThrows(IllegalArgumentException.class,
          () -> new LaneGroupedTensor(w, new MemorySegment[2]));
      assertTrue(wrongGroups.getMessage().contains("not 2"), wrongGroups.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void aRegroupedMatrixAnswersAsItsSource(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, 3, 256, 7);
    try (Arena arena = Arena.ofShared()) {
      LaneGroupedTensor lanes = regroup(w, arena);
      assertSame(w.segment(), lanes.segment());
      float[] a = new float[256];
      float[] b = new float[256];
      w.readRow(2, a, 0);
      lanes.readRow(2, b, 0);
      assertEquals(Arrays.toString(a), Arrays.toString(b));
      assertEquals(w.get(300), lanes.get(300));
      assertEquals(type, lanes.type());
      assertEquals(3, lanes.rows());
    }
  }
}
