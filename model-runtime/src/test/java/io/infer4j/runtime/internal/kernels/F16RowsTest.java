package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Half rows widened (in chunks by {@code toFloats}, in lanes by {@code dotInLanes}), against {@link
 * Float#float16ToFloat} and a plain sum; both forms of the dot give the same float.
 */
class F16RowsTest {

  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  @Test
  void widensEveryHalfExactlyLikeTheJdk() {
    MemorySegment seg = MemorySegment.ofArray(new byte[2 << 16]);
    for (int h = 0; h < 1 << 16; h++) { // all 65536 bit patterns, NaN payloads included
      seg.set(HALF, 2L * h, (short) h);
    }
    float[] got = new float[1 << 16];
    for (int pass = 0; pass < 3; pass++) { // later passes run compiled (vectorized) code
      F16Rows.toFloats(seg, 0, got, 0, got.length);
      for (int h = 0; h < 1 << 16; h++) {
        float want = Float.float16ToFloat((short) h);
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[h]),
            "half 0x" + Integer.toHexString(h));
      }
    }
  }

  @Test
  void dotsWidenEveryHalfInLanesExactly() {
    Assumptions.assumeTrue(RowSpecies.SUPPORTED, "needs 8 or 16 float lanes");
    // 3 L copies of one half: three groups, so both accumulator chains (one of them twice). With
    // x all ones the sum is exactly 3 L h (at most 13 significant bits at every step), so any
    // half widened wrong in any lane shows; zero sums come out +0 (the accumulators start at +0).
    int n = 3 * RowSpecies.L;
    MemorySegment seg = MemorySegment.ofArray(new byte[2 * n]);
    float[] ones = new float[n];
    Arrays.fill(ones, 1f);
    for (int pass = 0; pass < 3; pass++) { // later passes run compiled code
      for (int h = 0; h < 1 << 16; h++) {
        for (int i = 0; i < n; i++) {
          seg.set(HALF, 2L * i, (short) h);
        }
        float got = F16Rows.dotInLanes(seg, 0, ones, n);
        float want = n * Float.float16ToFloat((short) h) + 0f;
        if (Float.isNaN(want)) {
          assertTrue(Float.isNaN(got), "half 0x" + Integer.toHexString(h) + ": " + got);
        } else {
          assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got),
              "half 0x" + Integer.toHexString(h) + ": " + got + " vs " + want);
        }
      }
    }
  }

  @Test
  void rowDotsMatchAPlainSumForEveryLengthShape() {
    Assumptions.assumeTrue(RowSpecies.SUPPORTED, "needs 8 or 16 float lanes");
    Random r = new Random(7);
    // whole chunks, a partial last chunk, lengths that leave n % L and n % 2L remainders
    for (int n : new int[] {1, 7, 8, 16, 255, 256, 257, 1000, 1023, 1024, 1025, 2048, 2048 + 13,
        5632}) {
      MemorySegment seg = MemorySegment.ofArray(new byte[2 * n]);
      float[] x = new float[n];
      double want = 0;
      double magnitude = 0;
      for (int i = 0; i < n; i++) {
        short h = Float.floatToFloat16((float) r.nextGaussian());
        seg.set(HALF, 2L * i, h);
        x[i] = (float) r.nextGaussian();
        want += (double) Float.float16ToFloat(h) * x[i];
        magnitude += Math.abs((double) Float.float16ToFloat(h) * x[i]);
      }
      for (int pass = 0; pass < 200; pass++) { // compiled as well as interpreted
        float got = F16Rows.dot(seg, 0, x, n, new float[F16Rows.CHUNK]);
        assertTrue(Math.abs(got - want) <= 1e-6 * magnitude + 1e-6,
            "n=" + n + ": " + got + " vs " + want);
        float inLanes = F16Rows.dotInLanes(seg, 0, x, n);
        float widened = F16Rows.dotWidened(seg, 0, x, n, new float[F16Rows.CHUNK]);
        assertEquals(Float.floatToRawIntBits(widened), Float.floatToRawIntBits(inLanes),
            "n=" + n + ": both forms give the same float");
      }
    }
  }

  @Test
  void finiteDotsGiveTheLaneFormsFloatBitForBit() {
    Assumptions.assumeTrue(RowSpecies.SUPPORTED, "needs 8 or 16 float lanes");
    Random r = new Random(11);
    for (int n : new int[] {1, 15, 16, 17, 255, 2048, 2048 + 13, 5632}) {
      MemorySegment seg = MemorySegment.ofArray(new byte[2 * n]);
      float[] x = new float[n];
      for (int round = 0; round < 20; round++) {
        for (int i = 0; i < n; i++) {
          // every finite bit pattern: zeros, subnormals, normals up to 65504, both signs
          int h;
          do {
            h = r.nextInt(1 << 16);
          } while ((h & 0x7C00) == 0x7C00);
          seg.set(HALF, 2L * i, (short) h);
          x[i] = activation(r, round);
        }
        float[] scaled = F16Rows.scaledForFinite(x, n);
        for (int pass = 0; pass < 10; pass++) { // compiled as well as interpreted
          float want = F16Rows.dotInLanes(seg, 0, x, n);
          float got = F16Rows.dotFinite(seg, 0, x, scaled, n);
          assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got),
              "n=" + n + " round " + round + ": " + got + " vs " + want);
        }
      }
    }
  }

  /**
   * Activations of every range the scaled form must keep exact: Gaussians, tiny ones (float
   * subnormals among them), zeros of both signs, and magnitudes up to just below {@code 2^16}.
   */
  private static float activation(Random r, int round) {
    return switch (round % 4) {
      case 0 -> (float) r.nextGaussian();
      case 1 -> (float) r.nextGaussian() * 0x1p-140f;
      case 2 -> r.nextInt(8) == 0 ? (r.nextBoolean() ? 0f : -0f) : (float) r.nextGaussian() * 3;
      default -> (r.nextBoolean() ? 1 : -1) * Math.nextDown(0x1p16f) * r.nextFloat();
    };
  }

  @Test
  void scalingRefusesActivationsWhoseProductWouldOverflow() {
    float below = Math.nextDown(0x1p16f);
    float[] scaled = F16Rows.scaledForFinite(new float[] {below, -below, Float.MIN_VALUE}, 3);
    assertEquals(below * 0x1p112f, scaled[0]);
    assertEquals(-below * 0x1p112f, scaled[1]);
    assertEquals(0x1p-37f, scaled[2], "a subnormal scales exactly");
    for (float bad : new float[] {0x1p16f, -0x1p16f, Float.POSITIVE_INFINITY, Float.NaN}) {
      assertEquals(null, F16Rows.scaledForFinite(new float[] {1f, bad}, 2), "x holds " + bad);
    }
    assertTrue(F16Rows.scaledForFinite(new float[] {1f, Float.NaN}, 1) != null,
        "only the first n count");
  }
}
