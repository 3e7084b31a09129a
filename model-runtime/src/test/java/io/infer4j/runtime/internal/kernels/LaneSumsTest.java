package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * Lane sums and the dot products built on them give the same bits interpreted and compiled: each
 * check repeats long enough for C2 to compile the code under test, and every repetition must match
 * the first (cold) result and the scalar tree.
 */
class LaneSumsTest {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int REPEATS = 60_000;

  /** Values of mixed sign and magnitude, where the order of additions shows in the result. */
  private static float[] mixed(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
    }
    return v;
  }

  @Test
  void the256BitSumIsTheSameTreeBitForBit() {
    assertSameTree(8, 8,
        l -> LaneSums.sum256(FloatVector.fromArray(FloatVector.SPECIES_256, l, 0)));
  }

  @Test
  void the512BitSumIsTheSameTreeBitForBit() {
    assertSameTree(16, 9,
        l -> LaneSums.sum512(FloatVector.fromArray(FloatVector.SPECIES_512, l, 0)));
  }

  /** {@code fast} (lanes in, their sum out) equals the scalar tree on random lanes, bit for bit. */
  private static void assertSameTree(int lanes, long seed, ToFloatFunction fast) {
    Random r = new Random(seed);
    for (int rep = 0; rep < REPEATS; rep++) {
      float[] l = mixed(r, lanes);
      float sum = fast.apply(l);
      float tree = LaneSums.sum(l);
      if (Float.floatToRawIntBits(sum) != Float.floatToRawIntBits(tree)) {
        assertEquals(tree, sum, 0f, "repetition " + rep);
      }
    }
  }

  private interface ToFloatFunction {
    float apply(float[] lanes);
  }

  @Test
  void vectorSumIsTheScalarHalvingTreeBitForBitCompiledOrNot() {
    Random r = new Random(7);
    float[][] lanes = new float[64][];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = mixed(r, F.length());
    }
    for (int rep = 0; rep < REPEATS; rep++) {
      float[] l = lanes[rep % lanes.length];
      float fast = LaneSums.sum(FloatVector.fromArray(F, l, 0));
      float tree = LaneSums.sum(l);
      if (Float.floatToRawIntBits(fast) != Float.floatToRawIntBits(tree)) {
        assertEquals(tree, fast, 0f, "repetition " + rep + ", lanes " + rep % lanes.length);
      }
    }
  }

  @Test
  void dotProductDoesNotChangeOnceCompiled() {
    Random r = new Random(11);
    int n = 16 * F.length() + 5; // a scalar tail too
    float[] a = mixed(r, n);
    float[] b = mixed(r, n);
    float cold = VectorMatmul.dot(a, b, n);
    for (int rep = 0; rep < REPEATS; rep++) {
      float warm = VectorMatmul.dot(a, b, n);
      if (Float.floatToRawIntBits(warm) != Float.floatToRawIntBits(cold)) {
        assertEquals(cold, warm, 0f, "repetition " + rep);
      }
    }
  }

  @Test
  void batchedDotsDoNotChangeOnceCompiled() {
    Random r = new Random(13);
    int n = 8 * F.length() + 3;
    float[] rowA = mixed(r, n);
    float[] rowB = mixed(r, n);
    float[][] x = {mixed(r, n), mixed(r, n), mixed(r, n), mixed(r, n), mixed(r, n)};
    float[][] rows = {rowA, rowB};
    float[][] cold = new float[x.length][2];
    LaneBatchDots.panel(rows, 2, x, x.length, n, cold, 0);
    float[][] warm = new float[x.length][2];
    for (int rep = 0; rep < REPEATS / 4; rep++) {
      LaneBatchDots.panel(rows, 2, x, x.length, n, warm, 0);
      for (int t = 0; t < x.length; t++) {
        for (int c = 0; c < 2; c++) {
          if (Float.floatToRawIntBits(warm[t][c]) != Float.floatToRawIntBits(cold[t][c])) {
            assertEquals(cold[t][c], warm[t][c], 0f, "repetition " + rep + ", token " + t);
          }
        }
      }
    }
  }
}
