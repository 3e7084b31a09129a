package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Q8KCodesInLanes#quantize} gives {@link Q8KCodes#plain}'s codes, scales and sums bit for
 * bit, interpreted and compiled: random values of every magnitude, ties, blocks of zeros,
 * infinities, subnormals, a NaN, and two values of the largest magnitude and opposite signs
 * (the first one sets the sign of the scale).
 */
class Q8KCodesInLanesTest {
  private static float[] awkwardBlocks() {
    float[] x = new float[6 * 256];
    for (int j = 0; j < 256; j++) {
      x[j] = (j % 64) - 31.5f; // ties when scaled
      x[256 + j] = 0f;
      x[512 + j] = j == 40 ? 3f : (j == 41 ? -3f : j * 0.01f); // the first of +-3 wins
      x[768 + j] = j == 200 ? -3f : (j == 10 ? 3f : -j * 0.01f);
      x[1024 + j] = j == 9 ? Float.NEGATIVE_INFINITY : j;
      x[1280 + j] = Float.MIN_VALUE * (j - 128);
    }
    return x;
  }

  private static void assertSame(float[] x, String what) {
    Q8KCodes expected = Q8KCodes.plain(x, x.length);
    Q8KCodes actual = Q8KCodesInLanes.quantize(x, x.length);
    assertArrayEquals(expected.wide(), actual.wide(), what + ": codes");
    assertArrayEquals(expected.sums32(), actual.sums32(), what + ": sums");
    int[] e = new int[expected.d().length];
    int[] a = new int[e.length];
    for (int b = 0; b < e.length; b++) {
      e[b] = Float.floatToRawIntBits(expected.d()[b]);
      a[b] = Float.floatToRawIntBits(actual.d()[b]);
    }
    assertArrayEquals(e, a, what + ": scales");
  }

  @Test
  void equalsThePlainQuantizationBitForBit() {
    assumeTrue(VectorChoice.ENABLED, "needs native 256-bit vectors");
    Random r = new Random(9);
    float[] awkward = awkwardBlocks();
    float[] withNaN = awkwardBlocks();
    withNaN[300] = Float.NaN;
    for (int rep = 0; rep < 2_000; rep++) { // long enough for C2 to compile both
      float[] x = new float[512];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
      }
      assertSame(x, "random, repetition " + rep);
      if (rep % 100 == 0) {
        assertSame(awkward, "awkward blocks, repetition " + rep);
        assertSame(withNaN, "a NaN, repetition " + rep);
      }
    }
  }
}
