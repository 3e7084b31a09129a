package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Q8ActivationsInLanes#quantize} gives {@link Q8Activations#quantize}'s codes, wide codes
 * and scales bit for bit, interpreted and compiled: on random values of every magnitude, on ties
 * (values whose scaled form ends in .5, rounded to even), and on blocks of zeros, NaN, infinities
 * and subnormals (whose inverse scale overflows to infinity).
 */
class Q8ActivationsInLanesTest {
  private static float[] awkwardBlocks() {
    float[] x = new float[7 * 32];
    for (int j = 0; j < 32; j++) {
      x[j] = j - 15.5f; // with one value at 127: every other value a tie at scale 1
      x[32 + j] = 0f; // a block of zeros
      x[64 + j] = j % 3 == 0 ? -j : j * 0.25f;
      x[96 + j] = j == 7 ? Float.NaN : j;
      x[128 + j] = j == 3 ? Float.POSITIVE_INFINITY : (j == 4 ? Float.NEGATIVE_INFINITY : j);
      x[160 + j] = Float.MIN_VALUE * (j - 16); // subnormal: 127 / amax overflows
      x[192 + j] = (j - 16) * 1e30f;
    }
    x[31] = 127f;
    return x;
  }

  private static void assertSame(float[] x, int n, String what) {
    Q8Activations expected = Q8Activations.quantize(x, n);
    Q8Activations actual = Q8ActivationsInLanes.quantize(x, n);
    assertArrayEquals(expected.quants(), actual.quants(), what + ": codes");
    assertArrayEquals(expected.wide(), actual.wide(), what + ": wide codes");
    int[] e = new int[expected.scales().length];
    int[] a = new int[e.length];
    for (int b = 0; b < e.length; b++) {
      e[b] = Float.floatToRawIntBits(expected.scales()[b]);
      a[b] = Float.floatToRawIntBits(actual.scales()[b]);
    }
    assertArrayEquals(e, a, what + ": scales");
  }

  @Test
  void equalsThePlainQuantizationBitForBit() {
    assumeTrue(RowSpecies.SUPPORTED, "needs 8 or 16 float lanes");
    Random r = new Random(5);
    float[] awkward = awkwardBlocks();
    for (int rep = 0; rep < 3_000; rep++) { // long enough for C2 to compile both
      float[] x = new float[256];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
      }
      assertSame(x, x.length, "random, repetition " + rep);
      if (rep % 100 == 0) {
        assertSame(awkward, awkward.length, "awkward blocks, repetition " + rep);
      }
    }
  }

  @Test
  void refusesAPartBlock() {
    assumeTrue(RowSpecies.SUPPORTED, "needs 8 or 16 float lanes");
    assertThrows(IllegalArgumentException.class,
        () -> Q8ActivationsInLanes.quantize(new float[40], 40));
  }
}
