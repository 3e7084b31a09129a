package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

/**
 * Q4_K rows regrouped 32 to a vector ({@link Q4KLaneLayout}, {@link Q4KLaneDots}) against the
 * plain definition of a Q4_K x Q8_K dot product ({@link KQuantInt8RowsTest#reference}, integer
 * sums, double) and against the row-at-a-time kernel ({@link K4Int8Rows}): the integers are exact,
 * so all three differ by float rounding only; a batch gives each token its single result bit for
 * bit; row counts that do not fill the last group write no more rows than there are.
 */
class Q4KLaneDotsTest {
  @BeforeAll
  static void needsWideLanes() {
    assumeTrue(VectorChoice.ENABLED && WideLanes.NATIVE,
        "the Q4_K lane kernel needs native 512-bit Vector API lanes (AVX-512)");
  }

  private static float[][] lanes(SegmentTensor w, Q8KCodes[] x) {
    int rows = w.rows();
    float[][] out = new float[x.length][rows + 7];
    for (float[] o : out) {
      Arrays.fill(o, Float.NaN); // rows past the matrix must stay untouched
    }
    try (Arena arena = Arena.ofShared()) {
      MemorySegment[] groups = Q4KLaneLayout.regroup(w.segment(), rows, w.cols(), arena);
      Q4KLaneDots.groups(groups, rows, w.cols(), x, x.length, 0, Q4KLaneLayout.groups(rows),
          out, Q4KLaneDots.Scratch.forTokens(x.length));
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
    Q8KCodes y = Q8KCodes.quantize(x, cols);
    float[] actual = lanes(w, new Q8KCodes[] {y})[0];
    QuantRow row = new QuantRow(GgmlType.Q4_K, cols, false);
    long rowBytes = cols / 256L * GgmlType.Q4_K.blockBytes();
    for (int r = 0; r < w.rows(); r++) {
      row.read(w, r);
      double tolerance = KQuantInt8RowsTest.tolerance(row, y);
      assertEquals(KQuantInt8RowsTest.reference(row, y), actual[r], tolerance,
          "row " + r + " of " + w.rows() + ", definition");
      assertEquals(K4Int8Rows.dot(GgmlType.Q4_K, w.segment(), r * rowBytes, y, cols), actual[r],
          2 * tolerance, "row " + r + " of " + w.rows() + ", K4Int8Rows");
    }
  }

  @ParameterizedTest(name = "{0} x {1}")
  @CsvSource({"32, 256", "64, 2048", "40, 512", "5, 768", "97, 256"})
  void rowsMatchTheDefinitionAndTheRowKernel(int rows, int cols) {
    assertMatches(QuantDotsTest.randomMatrix(GgmlType.Q4_K, rows, cols, rows * 31L + cols),
        KQuantInt8RowsTest.gaussians(rows + 7L * cols, cols));
  }

  @Test
  void aBatchGivesEachTokenItsSingleResult() {
    SegmentTensor w = QuantDotsTest.randomMatrix(GgmlType.Q4_K, 45, 512, 41);
    Q8KCodes[] y = new Q8KCodes[3];
    for (int t = 0; t < y.length; t++) {
      y[t] = Q8KCodes.quantize(KQuantInt8RowsTest.gaussians(42 + t, 512), 512);
    }
    float[][] batch = lanes(w, y);
    for (int t = 0; t < y.length; t++) {
      float[] single = lanes(w, new Q8KCodes[] {y[t]})[0];
      for (int r = 0; r < 45; r++) {
        assertEquals(Float.floatToRawIntBits(single[r]), Float.floatToRawIntBits(batch[t][r]),
            "row " + r + " token " + t);
      }
    }
  }

  /** Every byte 0xFF (codes 15, scales and mins 63), d = dmin = 0.5: the 16-bit sums' limit. */
  @Test
  void extremeCodesStayExact() {
    int rows = 33;
    int cols = 512;
    byte[] bytes = new byte[rows * cols / 256 * 144];
    Arrays.fill(bytes, (byte) 0xFF);
    short half = Float.floatToFloat16(0.5f);
    for (int at = 0; at < bytes.length; at += 144) {
      for (int field : new int[] {0, 2}) {
        bytes[at + field] = (byte) half;
        bytes[at + field + 1] = (byte) (half >> 8);
      }
    }
    SegmentTensor w = (SegmentTensor) TensorViews.of("w", GgmlType.Q4_K,
        MemorySegment.ofArray(bytes), rows, cols);
    float[] negative = new float[cols];
    Arrays.fill(negative, -2f); // every activation code -127
    assertMatches(w, negative);
    Q8KCodes y = Q8KCodes.quantize(negative, cols);
    double exact = 2 * y.d()[0] * 0.5 * 63 * 256 * -127.0 * (15 - 1);
    float actual = lanes(w, new Q8KCodes[] {y})[0][rows - 1];
    assertTrue(Math.abs(actual - exact) <= 1e-6 * Math.abs(exact), actual + " vs " + exact);
  }

  @Test
  void badShapesAreRefusedByName() {
    SegmentTensor w = QuantDotsTest.randomMatrix(GgmlType.Q4_K, 4, 256, 5);
    try (Arena arena = Arena.ofShared()) {
      var wrongCols = assertThrows(IllegalArgumentException.class,
          () -> Q4KLaneLayout.regroup(w.segment(), 4, 300, arena));
      assertTrue(wrongCols.getMessage().contains("4x300"), wrongCols.getMessage());
      var tooShort = assertThrows(IllegalArgumentException.class,
          () -> Q4KLaneLayout.regroup(w.segment(), 8, 256, arena));
      assertTrue(tooShort.getMessage().contains("1152 bytes"), tooShort.getMessage());
      var notQ4K = assertThrows(IllegalArgumentException.class, () -> new LaneGroupedTensor(
          QuantDotsTest.randomMatrix(GgmlType.Q5_K, 4, 256, 6), new MemorySegment[1]));
      assertTrue(notQ4K.getMessage().contains("Q5_K"), notQ4K.getMessage());
      var wrongGroups = assertThrows(IllegalArgumentException.class,
          () -> new LaneGroupedTensor(w, new MemorySegment[2]));
      assertTrue(wrongGroups.getMessage().contains("not 2"), wrongGroups.getMessage());
    }
  }

  @Test
  void aRegroupedMatrixAnswersAsItsSource() {
    SegmentTensor w = QuantDotsTest.randomMatrix(GgmlType.Q4_K, 3, 256, 7);
    try (Arena arena = Arena.ofShared()) {
      LaneGroupedTensor lanes =
          new LaneGroupedTensor(w, Q4KLaneLayout.regroup(w.segment(), 3, 256, arena));
      assertSame(w.segment(), lanes.segment());
      float[] a = new float[256];
      float[] b = new float[256];
      w.readRow(2, a, 0);
      lanes.readRow(2, b, 0);
      assertEquals(Arrays.toString(a), Arrays.toString(b));
      assertEquals(w.get(300), lanes.get(300));
      assertEquals(GgmlType.Q4_K, lanes.type());
      assertEquals(3, lanes.rows());
    }
  }
}
