package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorApiOps#dot} in its stated order, and close to the plain loop; {@link
 * VectorApiOps#addScaled} the plain loop's floats bit for bit.
 */
class VectorApiOpsTest {
  private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

  @Test
  void dotSumsLanesOfFusedProductsThenTheTailBitForBit() {
    Random r = new Random(7);
    VectorApiOps fast = new VectorApiOps();
    ReferenceVectorOps plain = new ReferenceVectorOps();
    for (int n : new int[] {1, 7, 8, 16, 63, 64, 100, 128, 256}) {
      for (int round = 0; round < 20; round++) {
        int aOff = r.nextInt(5);
        int bOff = r.nextInt(5);
        float[] a = new float[aOff + n];
        float[] b = new float[bOff + n];
        for (int i = 0; i < n; i++) {
          a[aOff + i] = (float) r.nextGaussian();
          b[bOff + i] = (float) r.nextGaussian();
        }
        float got = fast.dot(a, aOff, b, bOff, n);
        assertEquals(laneOrder(a, aOff, b, bOff, n), got, 0f, "n = " + n);
        assertEquals(plain.dot(a, aOff, b, bOff, n), got, 1e-4f * n, "n = " + n);
      }
    }
  }

  @Test
  void addScaledGivesThePlainLoopsFloatsBitForBit() {
    Random r = new Random(8);
    VectorApiOps fast = new VectorApiOps();
    ReferenceVectorOps plain = new ReferenceVectorOps();
    for (int n : new int[] {1, 7, 8, 16, 63, 64, 100, 128, 256}) {
      int xOff = r.nextInt(5);
      int accOff = r.nextInt(5);
      float[] x = new float[xOff + n];
      float[] want = new float[accOff + n];
      float[] got = new float[accOff + n];
      for (int step = 0; step < 50; step++) { // many weighted values into one sum, as a head does
        for (int i = 0; i < n; i++) {
          x[xOff + i] = (float) r.nextGaussian() * (step % 7 == 0 ? 1e30f : 1f);
        }
        float a = step == 3 ? Float.MIN_VALUE : (float) r.nextDouble();
        plain.addScaled(a, x, xOff, want, accOff, n);
        fast.addScaled(a, x, xOff, got, accOff, n);
      }
      for (int i = 0; i < accOff + n; i++) {
        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
            "n = " + n + ", element " + i);
      }
    }
  }

  /** The order {@link VectorApiOps#dot} promises, written with scalars. */
  private static float laneOrder(float[] a, int aOff, float[] b, int bOff, int n) {
    float[] lanes = new float[LANES];
    int whole = n / LANES * LANES;
    for (int i = 0; i < whole; i++) {
      lanes[i % LANES] = Math.fma(a[aOff + i], b[bOff + i], lanes[i % LANES]);
    }
    float sum = LaneSums.sum(lanes);
    for (int i = whole; i < n; i++) {
      sum += a[aOff + i] * b[bOff + i];
    }
    return sum;
  }
}
