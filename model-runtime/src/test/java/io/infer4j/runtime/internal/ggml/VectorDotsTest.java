package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Vector API forms of the int8 dot products against the scalar ones they replace, bit for bit
 * (the forms run on every machine; where 256-bit vectors are not native they are only slower).
 */
class VectorDotsTest {
  private static final int COLS = 1024;

  /** Activations with the ranges a forward pass meets: zero blocks, outliers, tiny values. */
  static float[] activations(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      int block = i / Q8Quantizer.BLOCK;
      x[i] = switch (block % 4) {
        case 0 -> (float) r.nextGaussian();
        case 1 -> block == 1 ? 0f : 1e-6f * (float) r.nextGaussian();
        case 2 -> i % 7 == 0 ? 300f * (r.nextBoolean() ? 1 : -1) : (float) r.nextGaussian();
        default -> r.nextFloat() * 2f - 1f;
      };
    }
    return x;
  }

  @Test
  void evenOddPutsEachBlocksEvenCodesFirst() {
    byte[] q = new byte[64];
    for (int i = 0; i < q.length; i++) {
      q[i] = (byte) (i - 32);
    }
    short[] y = VectorDots.evenOdd(q, 64);
    assertEquals(-32, y[0]);
    assertEquals(-30, y[1]);
    assertEquals(-31, y[16]);
    assertEquals(-1, y[31]);
    assertEquals(0, y[32]);
    assertEquals(1, y[48]);
  }

  /** One check of one row {@code r} of {@code w} (read into {@code row}) against activations. */
  private interface RowCheck {
    void run(SegmentTensor w, QuantRow row, int r, float[] x);
  }

  /** Runs {@code check} on each of 16 rows of a random {@code type} matrix, for 4 activations. */
  private static void eachRow(GgmlType type, long matrixSeed, RowCheck check) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, 16, COLS, matrixSeed);
    QuantRow row = new QuantRow(type, COLS);
    for (long seed = 0; seed < 4; seed++) {
      float[] x = activations(COLS, seed);
      for (int r = 0; r < w.rows(); r++) {
        row.read(w, r);
        check.run(w, row, r, x);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q8_0", "Q4_0", "Q5_0"})
  void q8MatchesTheScalarDotBitForBit(GgmlType type) {
    long rowBytes = (long) COLS / Q8Quantizer.BLOCK * type.blockBytes();
    eachRow(type, 3, (w, row, r, x) -> {
      byte[] qs = new byte[COLS];
      float[] dy = new float[COLS / Q8Quantizer.BLOCK];
      Q8Quantizer.quantize(x, COLS, qs, dy);
      short[] y = VectorDots.evenOdd(qs, COLS);
      float expected = Dots.q8(row.q, row.d, qs, dy, COLS);
      assertBits(expected, VectorDots.q8(row.q, row.d, y, dy, COLS), type + " row " + r);
      if (type == GgmlType.Q8_0) {
        float inPlace = VectorDots.q8(w.segment(), r * rowBytes, y, dy, COLS);
        assertBits(expected, inPlace, "in place, row " + r);
      }
    });
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_1", "Q5_1"})
  void q8_1MatchesTheScalarDotBitForBit(GgmlType type) {
    eachRow(type, 4, (w, row, r, x) -> {
      byte[] qs = new byte[COLS];
      float[] dy = new float[COLS / Q8Quantizer.BLOCK];
      float[] sy = new float[COLS / Q8Quantizer.BLOCK];
      Q8_1Quantizer.quantize(x, COLS, qs, dy, sy);
      short[] y = VectorDots.evenOdd(qs, COLS);
      assertBits(LegacyDots.q8_1(row, qs, dy, sy, COLS), VectorDots.q8_1(row, y, dy, sy, COLS),
          type + " row " + r);
    });
  }

  @Test
  void q4_0x8MatchesTheScalarDotBitForBit() {
    eachRow(GgmlType.Q4_0, 5, (w, row, r, x) -> {
      byte[] qs = new byte[COLS];
      float[] dy = new float[COLS / Q8Quantizer.BLOCK];
      Q8Quantizer.quantize(x, COLS, qs, dy);
      short[] y = VectorDots.evenOdd(qs, COLS);
      assertBits(LegacyDots.q4_0x8(row, qs, dy, COLS), VectorDots.q4_0x8(row, y, dy, COLS),
          "row " + r);
    });
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void vectorUnpackingGivesThePlainLoopsCodes(GgmlType type) {
    SegmentTensor w = QuantDotsTest.randomMatrix(type, 8, COLS, 7);
    QuantRow plain = new QuantRow(type, COLS, false);
    QuantRow vector = new QuantRow(type, COLS, true);
    for (int r = 0; r < w.rows(); r++) {
      plain.read(w, r);
      vector.read(w, r);
      assertArrayEquals(plain.q, vector.q, type + " codes, row " + r);
      assertArrayEquals(plain.scale, vector.scale, type + " scales, row " + r);
      assertArrayEquals(plain.min, vector.min, type + " mins, row " + r);
      assertArrayEquals(plain.d, vector.d, type + " d, row " + r);
      assertArrayEquals(plain.m, vector.m, type + " dmin, row " + r);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"Q4_K", "Q5_K", "Q6_K"})
  void kQuantLanesMatchTheScalarOnesBitForBit(GgmlType type) {
    eachRow(type, 6, (w, row, r, x) -> {
      byte[] qs = new byte[COLS];
      float[] dy = new float[COLS / Q8KQuantizer.BLOCK];
      int[] bsums = new int[COLS / Q8KQuantizer.BSUM];
      Q8KQuantizer.quantize(x, COLS, qs, dy, bsums);
      short[] y = VectorDots.evenOdd(qs, COLS);
      float expected = kDot(type, row, KDots.lanes(row, qs), dy, bsums); // the plain lanes
      assertBits(expected, kDot(type, row, VectorDots.kLanes(row, y), dy, bsums),
          type + " row " + r);
      if (type != GgmlType.Q6_K) { // the codes straight from the packed bytes
        QuantRow packedOnly = new QuantRow(type, COLS);
        packedOnly.read(w, r, false);
        KDots.SuperBlockLanes packed = VectorDots.k4Lanes(packedOnly, y);
        assertBits(expected, kDot(type, packedOnly, packed, dy, bsums),
            type + " from packed codes, row " + r);
      }
    });
  }

  private static float kDot(
      GgmlType type, QuantRow row, KDots.SuperBlockLanes lanes, float[] dy, int[] bsums) {
    return switch (type) {
      case Q4_K -> KDots.q4K(row, lanes, dy, bsums, COLS);
      case Q5_K -> KDots.q5K(row, lanes, dy, bsums, COLS);
      default -> KDots.q6K(row, lanes, dy, COLS);
    };
  }

  /** tinyBLAS's and {@code vec_dot}'s float forms, and tinyBLAS two rows by four tokens at once. */
  @Test
  void floatDotsMatchThePlainOnesBitForBit() {
    Random r = new Random(31);
    for (int k : new int[] {8, 32, 48, 64, 136, 2048}) {
      float[] x = activations(k + 5, k);
      float[] y = activations(k + 3, k + 1);
      for (int i = 0; i < y.length; i++) {
        y[i] = Fp16.round(y[i] * (1 + r.nextFloat()));
      }
      assertBits(Dots.tinyPlain(x, 5, y, 3, k), VectorDots.tiny(x, 5, y, 3, k), "tiny, k " + k);
      int np = k & ~31;
      assertBits(Dots.vecHeadPlain(x, 5, y, 3, np), VectorDots.vecHead(x, 5, y, 3, np),
          "vec head, k " + k);
      float[][] tokens = new float[6][];
      for (int t = 0; t < tokens.length; t++) {
        tokens[t] = activations(k, k + 10 + t);
      }
      float[] x1 = activations(k, k + 20);
      float[] tile = new float[8];
      VectorDots.tinyTile(x, x1, tokens, 2, k, tile);
      for (int u = 0; u < 4; u++) {
        assertBits(Dots.tinyPlain(x, 0, tokens[2 + u], 0, k), tile[u],
            "tiny, a tile, first row, token " + u + ", k " + k);
        assertBits(Dots.tinyPlain(x1, 0, tokens[2 + u], 0, k), tile[4 + u],
            "tiny, a tile, second row, token " + u + ", k " + k);
      }
    }
  }

  /**
   * GGML's F16 row read in place ({@link VectorDots#vecF16Row}) against the row widened first and
   * {@link Dots#vecF16}, bit for bit: random halves with every special value mixed in (zeros,
   * subnormals, the largest half, infinities, NaNs; a NaN result need only be a NaN) and lengths
   * with and without a tail past the last 32; rows of finite halves in the finite form too.
   */
  @Test
  void f16RowsReadInPlaceMatchWideningFirstBitForBit() {
    org.junit.jupiter.api.Assumptions.assumeTrue(WideLanes.NATIVE && VectorChoice.ENABLED,
        "the in-place F16 row needs native 512-bit vectors");
    short[] specials = {0x0000, (short) 0x8000, 0x0001, (short) 0x83FF, 0x7BFF, (short) 0xFBFF,
        0x7C00, (short) 0xFC00, 0x7E00, 0x7C01};
    Random r = new Random(33);
    float[] sums = new float[32];
    for (int k : new int[] {8, 32, 48, 64, 136, 2048}) {
      for (boolean withSpecials : new boolean[] {false, true}) {
        MemorySegment row = MemorySegment.ofArray(new short[k + 3]);
        float[] widened = new float[k];
        for (int i = 0; i < k; i++) {
          short h = withSpecials && i % 5 == 0 ? specials[r.nextInt(specials.length)]
              : Float.floatToFloat16((float) r.nextGaussian() * 0.05f);
          row.setAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, i + 3, h);
          widened[i] = Float.float16ToFloat(h);
        }
        float[] y = activations(k, k + 7);
        for (int i = 0; i < k; i++) {
          y[i] = Fp16.round(y[i]);
        }
        float expected = Dots.vecF16(widened, 0, y, 0, k);
        float actual = VectorDots.vecF16Row(row, 6, y, null, k, sums);
        String what = "k " + k + (withSpecials ? " with special halves" : "");
        if (Float.isNaN(expected)) { // which NaN's payload survives is not Java's to promise
          org.junit.jupiter.api.Assertions.assertTrue(Float.isNaN(actual), what + ": " + actual);
        } else {
          assertBits(expected, actual, what);
        }
        if (!withSpecials) { // a finite row: the shift-only widening against scaled activations
          float[] scaled = io.infer4j.runtime.internal.kernels.F16Rows.scaledForFinite(y, k);
          assertBits(expected, VectorDots.vecF16Row(row, 6, y, scaled, k, sums),
              what + ", finite form");
        }
      }
    }
  }

  /** Codes at the ends of their ranges: the shorts' pair sums are closest to overflowing there. */
  @Test
  void extremeCodesKeepEveryLaneExact() {
    int n = 64;
    byte[] bytes = new byte[2 * 34];
    short one = Float.floatToFloat16(1f);
    for (int b = 0; b < 2; b++) {
      bytes[34 * b] = (byte) one;
      bytes[34 * b + 1] = (byte) (one >> 8);
      Arrays.fill(bytes, 34 * b + 2, 34 * b + 34, b == 0 ? (byte) -128 : (byte) 127);
    }
    SegmentTensor w =
        (SegmentTensor) TensorViews.of("w", GgmlType.Q8_0, MemorySegment.ofArray(bytes), 1, n);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 2 == 0 ? -1f : 1f; // codes -127 and 127
    }
    byte[] qs = new byte[n];
    float[] dy = new float[2];
    Q8Quantizer.quantize(x, n, qs, dy);
    float[] minusOnes = new float[n];
    Arrays.fill(minusOnes, -1f);
    byte[] allLow = new byte[n];
    float[] dyLow = new float[2];
    Q8Quantizer.quantize(minusOnes, n, allLow, dyLow);
    byte[] expectedLow = new byte[n];
    Arrays.fill(expectedLow, (byte) -127);
    assertArrayEquals(expectedLow, allLow, "activation codes stop at -127");

    short[] y = VectorDots.evenOdd(allLow, n);
    QuantRow row = new QuantRow(GgmlType.Q8_0, n);
    row.read(w, 0);
    float expected = Dots.q8(row.q, row.d, allLow, dyLow, n);
    assertBits(expected, VectorDots.q8(w.segment(), 0, y, dyLow, n), "all -128 against all -127");
    // block 0: 32 * (-128 * -127) = 520192, block 1: 32 * (127 * -127) = -516128, scales 1 * dy
    assertEquals((520192f - 516128f) * dyLow[0], expected, 1e-3f);
    assertBits(Dots.q8(row.q, row.d, qs, dy, n),
        VectorDots.q8(w.segment(), 0, VectorDots.evenOdd(qs, n), dy, n), "alternating signs");
  }

  private static void assertBits(float expected, float actual, String what) {
    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
        what + ": expected " + expected + ", got " + actual);
  }
}
