package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The int8 K-quant kernels ({@link K4Int8Rows} for Q4_K and Q5_K, {@link Q6KInt8Rows}) against
 * the plain definition of a K-quant x Q8_K dot product (codes and scales as {@link QuantRow}
 * unpacks them with plain loops, integer sums, everything summed in double) and against
 * llama.cpp's scalar forms ({@link KDots}): the integer part must be exact, so the results differ
 * by float rounding only; the batch form equals the single one bit for bit.
 */
class KQuantInt8RowsTest {
  private static final int ROWS = 24;
  private static final int COLS = 768; // three super-blocks

  @BeforeAll
  static void needsTheVectorForms() {
    assumeTrue(VectorChoice.ENABLED, "the int8 K-quant kernels need 256-bit Vector API lanes");
  }

  /**
   * The definition, in double: per super-block {@code dy * (d * sum_e scale_e * q_e * y_e - dmin
   * * sum_j min_j * sums32_j)} (no mins for Q6_K, whose codes are signed).
   */
  static double reference(QuantRow row, Q8KCodes y) {
    double sum = 0;
    for (int i = 0; i < y.d().length; i++) {
      long isum = 0;
      long msum = 0;
      for (int e = 256 * i; e < 256 * (i + 1); e++) {
        isum += (long) row.scale[e / 16] * row.q[e] * y.wide()[e];
      }
      if (row.type() != GgmlType.Q6_K) {
        for (int j = 8 * i; j < 8 * (i + 1); j++) {
          msum += (long) row.min[j] * y.sums32()[j];
        }
      }
      sum += y.d()[i] * (row.d[i] * (double) isum - row.m[i] * (double) msum);
    }
    return sum;
  }

  /** A bound on float rounding: a few float ulps of the terms' total magnitude. */
  static double tolerance(QuantRow row, Q8KCodes y) {
    double magnitude = 0;
    for (int i = 0; i < y.d().length; i++) {
      long codes = 0;
      for (int e = 256 * i; e < 256 * (i + 1); e++) {
        codes += Math.abs((long) row.scale[e / 16] * row.q[e] * y.wide()[e]);
      }
      magnitude += Math.abs(y.d()[i]) * (Math.abs(row.d[i]) * codes
          + Math.abs(row.m[i]) * 63.0 * 127 * 256);
    }
    return 1e-6 * magnitude;
  }

  private static float kernel(GgmlType type, MemorySegment w, long offset, Q8KCodes y) {
    return type == GgmlType.Q6_K
        ? q6K(w, offset, y, COLS)
        : K4Int8Rows.dot(type, w, offset, y, COLS);
  }

  /** Q6_K's product for one token of {@code n} columns: its batch form with one token. */
  static float q6K(MemorySegment w, long offset, Q8KCodes y, int n) {
    float[][] out = new float[1][1];
    Q6KInt8Rows.dots(w, offset, new Q8KCodes[] {y}, 1, n, Q6KInt8Rows.Scratch.forColumns(n),
        out, 0);
    return out[0][0];
  }

  private static float llamaCpp(QuantRow row, float[] x) {
    byte[] qs = new byte[COLS];
    float[] d = new float[COLS / 256];
    int[] bsums = new int[COLS / 16];
    Q8KQuantizer.quantize(x, COLS, qs, d, bsums);
    return switch (row.type()) {
      case Q4_K -> KDots.q4K(row, qs, d, bsums, COLS);
      case Q5_K -> KDots.q5K(row, qs, d, bsums, COLS);
      default -> KDots.q6K(row, qs, d, COLS);
    };
  }

  private static float[] gaussians(long seed) {
    return gaussians(seed, COLS);
  }

  /** {@code n} standard normal floats from {@code seed}. */
  static float[] gaussians(long seed, int n) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  private static void assertRowsMatch(SegmentTensor w, float[] x) {
    GgmlType type = w.type();
    Q8KCodes y = Q8KCodes.quantize(x, COLS);
    QuantRow row = new QuantRow(type, COLS, false);
    long rowBytes = COLS / 256L * type.blockBytes();
    for (int r = 0; r < ROWS; r++) {
      row.read(w, r);
      float actual = kernel(type, w.segment(), r * rowBytes, y);
      double tolerance = tolerance(row, y);
      assertEquals(reference(row, y), actual, tolerance, type + " row " + r + ", definition");
      assertEquals(llamaCpp(row, x), actual, 2 * tolerance, type + " row " + r + ", llama.cpp");
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void randomRowsMatchTheDefinition(GgmlType type) {
    assertRowsMatch(QuantDotsTest.randomMatrix(type, ROWS, COLS, 31), gaussians(32));
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void rowsInNativeMemoryMatchToo(GgmlType type) {
    SegmentTensor heap = QuantDotsTest.randomMatrix(type, ROWS, COLS, 33);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment copy = arena.allocate(heap.segment().byteSize(), 64);
      copy.copyFrom(heap.segment());
      assertRowsMatch((SegmentTensor) TensorViews.of("w", type, copy, ROWS, COLS), gaussians(34));
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void aBatchGivesEachTokenItsSingleResult(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, ROWS, COLS, 35);
    Q8KCodes[] y = {Q8KCodes.quantize(gaussians(36), COLS), Q8KCodes.quantize(gaussians(37), COLS)};
    float[][] out = new float[2][ROWS];
    long rowBytes = COLS / 256L * type.blockBytes();
    for (int r = 0; r < ROWS; r++) {
      if (type == GgmlType.Q6_K) {
        Q6KInt8Rows.dots(w.segment(), r * rowBytes, y, 2, COLS,
            Q6KInt8Rows.Scratch.forColumns(COLS), out, r);
      } else {
        K4Int8Rows.dots(type, w.segment(), r * rowBytes, y, 2, COLS,
            K4Int8Rows.Scratch.forColumns(COLS), out, r);
      }
      for (int t = 0; t < 2; t++) {
        assertEquals(Float.floatToRawIntBits(kernel(type, w.segment(), r * rowBytes, y[t])),
            Float.floatToRawIntBits(out[t][r]), type + " row " + r + " token " + t);
      }
    }
  }

  /** Every byte 0xFF: the largest codes and scales (Q6_K's int8 scales are then -1). */
  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void extremeCodesStayExact(GgmlType type) {
    byte[] bytes = new byte[ROWS * COLS / 256 * type.blockBytes()];
    Arrays.fill(bytes, (byte) 0xFF);
    short half = Float.floatToFloat16(0.5f);
    for (int at = 0; at < bytes.length; at += type.blockBytes()) {
      for (int field : type == GgmlType.Q6_K ? new int[] {208} : new int[] {0, 2}) {
        bytes[at + field] = (byte) half;
        bytes[at + field + 1] = (byte) (half >> 8);
      }
    }
    SegmentTensor w = (SegmentTensor) TensorViews.of("w", type, MemorySegment.ofArray(bytes),
        ROWS, COLS);
    float[] alternating = new float[COLS];
    for (int i = 0; i < COLS; i++) {
      alternating[i] = i % 3 == 0 ? -1f : 1f;
    }
    assertRowsMatch(w, alternating);
    float[] negative = new float[COLS];
    Arrays.fill(negative, -2f); // every activation code -127
    assertRowsMatch(w, negative);
    Q8KCodes y = Q8KCodes.quantize(negative, COLS);
    // per super-block: Q4_K d * 63 * 256 * 15 * -127 - dmin * 63 * 256 * -127 (d = dmin = 0.5);
    // Q5_K codes 31; Q6_K: d * -1 * 256 * (63 - 32) * -127
    double perBlock = switch (type) {
      case Q4_K -> 0.5 * 63 * 256 * -127.0 * (15 - 1);
      case Q5_K -> 0.5 * 63 * 256 * -127.0 * (31 - 1);
      default -> 0.5 * -1 * 256 * 31 * -127.0;
    };
    double exact = 3 * y.d()[0] * perBlock;
    float actual = kernel(type, w.segment(), 0, y);
    assertTrue(Math.abs(actual - exact) <= 1e-6 * Math.abs(exact),
        type + " at the extremes: " + actual + " vs " + exact);
  }

  /**
   * Q4_K and Q5_K rows in 256-bit and in 512-bit lanes (whichever this host prefers; the other
   * runs, slowly, too) give the same float bit for bit, as the class comment of {@link
   * K4Int8Rows} argues (the same integers in the same lanes, then the same float steps): on
   * random rows, on rows of 0xFF bytes (largest codes and scales) and with activation codes at
   * -127.
   */
  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K"})
  void k4RowsAreTheSameInBothShapes(GgmlType type) {
    SegmentTensor random = QuantDotsTest.randomMatrix(type, ROWS, COLS, 38);
    byte[] ones = new byte[ROWS * COLS / 256 * type.blockBytes()];
    Arrays.fill(ones, (byte) 0xFF);
    float[] negative = new float[COLS];
    Arrays.fill(negative, -2f);
    long rowBytes = COLS / 256L * type.blockBytes();
    for (MemorySegment w : new MemorySegment[] {random.segment(), MemorySegment.ofArray(ones)}) {
      for (float[] x : new float[][] {gaussians(39), negative}) {
        Q8KCodes y = Q8KCodes.quantize(x, COLS);
        for (int r = 0; r < ROWS; r++) {
          long offset = r * rowBytes;
          float narrow = type == GgmlType.Q4_K
              ? K4Int8Rows.q4Row(w, offset, y, COLS)
              : K4Int8Rows.q5Row(w, offset, y, COLS);
          float wide = type == GgmlType.Q4_K
              ? K4Int8Rows.q4RowWide(w, offset, y, COLS)
              : K4Int8Rows.q5RowWide(w, offset, y, COLS);
          assertEquals(Float.floatToRawIntBits(narrow), Float.floatToRawIntBits(wide),
              type + " row " + r + ": " + narrow + " vs " + wide);
          assertTrue(narrow != 0, "a real sum");
        }
      }
    }
  }

  /**
   * The scales and mins decoded eight at a time ({@link K4Int8Rows#scales}, {@link
   * K4Int8Rows#mins}) equal {@code get_scale_min_k4}'s, written out per sub-block as in
   * ggml-quants.c, for every value of each scale byte in each position.
   */
  @Test
  void scalesAndMinsAreGetScaleMinK4s() {
    Random random = new Random(40);
    for (int trial = 0; trial < 4096; trial++) {
      byte[] q = new byte[12];
      random.nextBytes(q);
      q[trial % 12] = (byte) (trial / 12); // every byte value in every position
      MemorySegment bytes = MemorySegment.ofArray(q);
      long low = bytes.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
      int high = bytes.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8);
      long scales = K4Int8Rows.scales(low, high);
      long mins = K4Int8Rows.mins(low, high);
      for (int j = 0; j < 8; j++) {
        int sc;
        int m;
        if (j < 4) {
          sc = q[j] & 63;
          m = q[j + 4] & 63;
        } else {
          sc = (q[j + 4] & 0xF) | ((q[j - 4] & 0xFF) >> 6) << 4;
          m = ((q[j + 4] & 0xFF) >> 4) | ((q[j] & 0xFF) >> 6) << 4;
        }
        assertEquals(sc, (int) (scales >>> (8 * j)) & 0xFF, "scale " + j + " of " + trial);
        assertEquals(m, (int) (mins >>> (8 * j)) & 0xFF, "min " + j + " of " + trial);
      }
    }
  }

  /**
   * Q6_K in 256-bit and in 512-bit lanes: the same signed codes unpacked, and the same float bit
   * for bit from them, on random rows and on rows of 0xFF bytes (codes 63, scales -1), with random
   * activations and with codes at -127.
   */
  @Test
  void q6KCodesAndRowsAreTheSameInBothShapes() {
    SegmentTensor random = QuantDotsTest.randomMatrix(GgmlType.Q6_K, ROWS, COLS, 40);
    byte[] ones = new byte[ROWS * COLS / 256 * GgmlType.Q6_K.blockBytes()];
    Arrays.fill(ones, (byte) 0xFF);
    float[] negative = new float[COLS];
    Arrays.fill(negative, -2f);
    long rowBytes = COLS / 256L * GgmlType.Q6_K.blockBytes();
    for (MemorySegment w : new MemorySegment[] {random.segment(), MemorySegment.ofArray(ones)}) {
      for (float[] x : new float[][] {gaussians(41), negative}) {
        Q8KCodes y = Q8KCodes.quantize(x, COLS);
        for (int r = 0; r < ROWS; r++) {
          Q6KInt8Rows.Scratch scratch = Q6KInt8Rows.Scratch.forColumns(COLS);
          Q6KInt8Rows.dots(w, r * rowBytes, new Q8KCodes[] {y}, 1, COLS, scratch,
              new float[1][1], 0); // fills the scratch's scales and d
          short[] wideCodes = new short[COLS];
          for (int i = 0; i < COLS / 256; i++) {
            long block = r * rowBytes + i * GgmlType.Q6_K.blockBytes();
            Q6KInt8Rows.unpack(w, block, i, scratch.codes());
            Q6KInt8Rows.unpackWide(w, block, i, wideCodes);
          }
          assertArrayEquals(scratch.codes(), wideCodes, "row " + r + " codes");
          float narrow = Q6KInt8Rows.unpackedDot(scratch, y, COLS);
          float wide = Q6KInt8Rows.unpackedDotWide(scratch, y, COLS);
          assertEquals(Float.floatToRawIntBits(narrow), Float.floatToRawIntBits(wide),
              "row " + r + ": " + narrow + " vs " + wide);
          assertTrue(narrow != 0, "a real sum");
        }
      }
    }
  }

  @Test
  void theKernelsTakeTheirTypes() {
    assertTrue(K4Int8Rows.handles(GgmlType.Q4_K) && K4Int8Rows.handles(GgmlType.Q5_K));
    assertTrue(!K4Int8Rows.handles(GgmlType.Q6_K) && !K4Int8Rows.handles(GgmlType.Q8_0));
  }
}
