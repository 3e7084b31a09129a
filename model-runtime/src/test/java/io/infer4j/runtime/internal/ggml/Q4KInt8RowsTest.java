package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.KQuantScales;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Q4KInt8Rows} against the plain definition of a Q4_K x Q8_K dot product (exact integers
 * per super-block, summed in double) and against llama.cpp's scalar form ({@link KDots#q4K}): the
 * integer part must be exact, so the results differ by float rounding only.
 */
class Q4KInt8RowsTest {
  private static final int ROWS = 24;
  private static final int COLS = 768; // three super-blocks

  @BeforeAll
  static void needsTheVectorForms() {
    assumeTrue(VectorChoice.ENABLED, "Q4KInt8Rows needs the Vector API with 256-bit vectors");
  }

  /** The definition, in double: {@code sum_i dy * (d * sum_j sc_j S_j - dmin * sum_j m_j B_j)}. */
  private static double reference(MemorySegment w, long offset, byte[] qs, float[] dy,
      int[] bsums, int n) {
    double sum = 0;
    for (int i = 0; i < n / 256; i++) {
      long block = offset + i * 144L;
      long isum = 0;
      long msum = 0;
      for (int j = 0; j < 8; j++) {
        long s = 0;
        for (int l = 0; l < 32; l++) {
          int packed = w.get(ValueLayout.JAVA_BYTE, block + 16 + 32 * (j / 2) + l) & 0xFF;
          int code = (j & 1) == 0 ? packed & 15 : packed >>> 4;
          s += code * qs[i * 256 + 32 * j + l];
        }
        isum += KQuantScales.scale(w, block + 4, j) * s;
        msum += KQuantScales.min(w, block + 4, j) * (long) (bsums[i * 16 + 2 * j]
            + bsums[i * 16 + 2 * j + 1]);
      }
      sum += dy[i] * (half(w, block) * (double) isum - half(w, block + 2) * (double) msum);
    }
    return sum;
  }

  /** The bound on float rounding: a few ulps of the largest partial sum's magnitude. */
  private static double tolerance(MemorySegment w, long offset, float[] dy, int n) {
    double magnitude = 0;
    for (int i = 0; i < n / 256; i++) {
      long block = offset + i * 144L;
      magnitude += Math.abs(dy[i]) * (Math.abs(half(w, block)) * 63 * 15 * 127 * 256
          + Math.abs(half(w, block + 2)) * 63 * 127 * 256);
    }
    return 1e-6 * magnitude;
  }

  private static float half(MemorySegment w, long at) {
    return Float.float16ToFloat(w.get(ValueLayout.JAVA_SHORT_UNALIGNED, at));
  }

  private static float[] gaussians(Random r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  private static void assertRowsMatch(SegmentTensor w, float[] x) {
    byte[] qs = new byte[COLS];
    float[] dy = new float[COLS / 256];
    int[] bsums = new int[COLS / 16];
    Q8KQuantizer.quantize(x, COLS, qs, dy, bsums);
    Q4KInt8Rows.Activations a = Q4KInt8Rows.Activations.quantize(x, COLS);
    Q4KInt8Rows.Scratch scratch = Q4KInt8Rows.Scratch.forColumns(COLS);
    QuantRow row = new QuantRow(GgmlType.Q4_K, COLS, false);
    long rowBytes = COLS / 256 * 144L;
    for (int r = 0; r < ROWS; r++) {
      float actual = Q4KInt8Rows.dot(w.segment(), r * rowBytes, a, COLS, scratch);
      double expected = reference(w.segment(), r * rowBytes, qs, dy, bsums, COLS);
      double tolerance = tolerance(w.segment(), r * rowBytes, dy, COLS);
      assertEquals(expected, actual, tolerance, "row " + r + " against the definition");
      row.read(w, r);
      assertEquals(KDots.q4K(row, qs, dy, bsums, COLS), actual, 2 * tolerance,
          "row " + r + " against llama.cpp's scalar form");
    }
  }

  @Test
  void randomRowsMatchTheDefinition() {
    assertRowsMatch(QuantDotsTest.randomMatrix(GgmlType.Q4_K, ROWS, COLS, 31),
        gaussians(new Random(32), COLS));
  }

  @Test
  void rowsInNativeMemoryMatchToo() {
    SegmentTensor heap = QuantDotsTest.randomMatrix(GgmlType.Q4_K, ROWS, COLS, 33);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment copy = arena.allocate(heap.segment().byteSize(), 64);
      copy.copyFrom(heap.segment());
      SegmentTensor w = (SegmentTensor) io.infer4j.runtime.internal.tensor.TensorViews.of(
          "w", GgmlType.Q4_K, copy, ROWS, COLS);
      assertRowsMatch(w, gaussians(new Random(34), COLS));
    }
  }

  @Test
  void extremeCodesAndScalesStayExact() {
    // every nibble 15, every 6-bit scale and min 63, activations at +-127: the largest lane sums
    byte[] bytes = new byte[ROWS * COLS / 256 * 144];
    java.util.Arrays.fill(bytes, (byte) 0xFF);
    for (int at = 0; at < bytes.length; at += 144) {
      short d = Float.floatToFloat16(0.5f);
      bytes[at] = (byte) d;
      bytes[at + 1] = (byte) (d >> 8);
      bytes[at + 2] = (byte) d;
      bytes[at + 3] = (byte) (d >> 8);
    }
    SegmentTensor w = (SegmentTensor) io.infer4j.runtime.internal.tensor.TensorViews.of(
        "w", GgmlType.Q4_K, MemorySegment.ofArray(bytes), ROWS, COLS);
    float[] x = new float[COLS];
    for (int i = 0; i < COLS; i++) {
      x[i] = i % 3 == 0 ? -1f : 1f;
    }
    x[0] = 1f; // the block's maximum positive: codes +127 and -127
    assertRowsMatch(w, x);
    float[] same = new float[COLS];
    java.util.Arrays.fill(same, -2f); // every code -127
    assertRowsMatch(w, same);
    Q4KInt8Rows.Activations a = Q4KInt8Rows.Activations.quantize(same, COLS);
    // per super-block: dy * (d * 63 * 256 * 15 * -127 - dmin * 63 * 256 * -127), d = dmin = 0.5
    double exact = 3 * a.d()[0] * 0.5 * 63 * 256 * -127.0 * (15 - 1);
    float actual = Q4KInt8Rows.dot(w.segment(), 0, a, COLS, Q4KInt8Rows.Scratch.forColumns(COLS));
    assertTrue(Math.abs(actual - exact) <= 1e-6 * Math.abs(exact),
        "all codes 15 x -127: " + actual + " vs " + exact);
  }
}
