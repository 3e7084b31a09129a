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
 * bfloat16 rows widened in lanes, against the bits of the float each value is the high half of,
 * and their dot products against a plain sum.
 */
class BF16RowsTest {
  private static final ValueLayout.OfShort BF16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** All 65536 bit patterns, in order: zeros, subnormals, normals, infinities, NaN payloads. */
  private static MemorySegment everyPattern() {
    MemorySegment seg = MemorySegment.ofArray(new byte[2 << 16]);
    for (int b = 0; b < 1 << 16; b++) {
      seg.set(BF16, 2L * b, (short) b);
    }
    return seg;
  }

  @Test
  void widensEveryValueExactly() {
    Assumptions.assumeTrue(RowSpecies.SUPPORTED, "needs 8 or 16 float lanes");
    MemorySegment seg = everyPattern();
    for (int n : new int[] {1 << 16, (1 << 16) - 3}) { // whole vectors, and a scalar tail
      float[] got = new float[n];
      for (int pass = 0; pass < 3; pass++) { // later passes run compiled code
        Arrays.fill(got, 7f);
        BF16Rows.widen(seg, 0, got, n);
        for (int b = 0; b < n; b++) {
          assertEquals(b << 16, Float.floatToRawIntBits(got[b]), "bfloat16 0x"
              + Integer.toHexString(b));
        }
      }
    }
  }

  @Test
  void dotsWidenEveryValueInLanesExactly() {
    Assumptions.assumeTrue(RowSpecies.SUPPORTED, "needs 8 or 16 float lanes");
    // 3 L copies of one value (both accumulator chains, one twice) times ones: the sum is exactly
    // 3 L v for every finite v with 8 significant bits, so any lane widened wrong shows
    int n = 3 * RowSpecies.L;
    MemorySegment seg = MemorySegment.ofArray(new byte[2 * n]);
    float[] ones = new float[n];
    Arrays.fill(ones, 1f);
    for (int pass = 0; pass < 2; pass++) {
      for (int b = 0; b < 1 << 16; b++) {
        for (int i = 0; i < n; i++) {
          seg.set(BF16, 2L * i, (short) b);
        }
        float v = Float.intBitsToFloat(b << 16);
        float want = n * v + 0f;
        float got = BF16Rows.dot(seg, 0, ones, n);
        if (Float.isNaN(want)) {
          assertTrue(Float.isNaN(got), "bfloat16 0x" + Integer.toHexString(b) + ": " + got);
        } else {
          assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got),
              "bfloat16 0x" + Integer.toHexString(b) + ": " + got + " vs " + want);
        }
      }
    }
  }

  @Test
  void rowDotsMatchAPlainSumForEveryLengthShape() {
    Assumptions.assumeTrue(RowSpecies.SUPPORTED, "needs 8 or 16 float lanes");
    Random r = new Random(9);
    for (int n : new int[] {1, 7, 8, 15, 16, 17, 172, 255, 2048, 2048 + 13, 5632}) {
      MemorySegment seg = MemorySegment.ofArray(new byte[2 * n]);
      float[] x = new float[n];
      double want = 0;
      double magnitude = 0;
      for (int i = 0; i < n; i++) {
        short b = (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16);
        seg.set(BF16, 2L * i, b);
        float v = Float.intBitsToFloat(b << 16);
        x[i] = (float) r.nextGaussian();
        want += (double) v * x[i];
        magnitude += Math.abs((double) v * x[i]);
      }
      for (int pass = 0; pass < 200; pass++) { // compiled as well as interpreted
        float got = BF16Rows.dot(seg, 0, x, n);
        assertTrue(Math.abs(got - want) <= 1e-6 * magnitude + 1e-6,
            "n=" + n + ": " + got + " vs " + want);
      }
    }
  }
}
