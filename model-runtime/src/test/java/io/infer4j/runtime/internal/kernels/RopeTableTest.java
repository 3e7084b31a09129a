package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RopeTableTest {
  private final VectorOps ops = new ReferenceVectorOps();

  private static float[] random(long seed, int n) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** run.c's RoPE loop, written out as the oracle for the plain table. */
  private static void runcRope(float[] vec, int length, int headSize, int pos, float base) {
    for (int i = 0; i < length; i += 2) {
      int headDim = i % headSize;
      float freq = 1.0f / (float) Math.pow(base, headDim / (float) headSize);
      float val = pos * freq;
      float fcr = (float) Math.cos(val);
      float fci = (float) Math.sin(val);
      float v0 = vec[i];
      float v1 = vec[i + 1];
      vec[i] = v0 * fcr - v1 * fci;
      vec[i + 1] = v0 * fci + v1 * fcr;
    }
  }

  /**
   * The rotation done independently in double: pair j of each head turns by {@code pos / linear *
   * base^(-2j/dims) / factors[j]}; dimensions at or past {@code dims} stay.
   */
  private static float[] expected(
      float[] in, int headSize, int dims, double base, double linear, float[] factors, int pos) {
    float[] out = in.clone();
    for (int h = 0; h < in.length; h += headSize) {
      for (int j = 0; j < dims / 2; j++) {
        double theta = pos / linear * Math.pow(base, -2.0 * j / dims) / factors[j];
        double x0 = in[h + 2 * j];
        double x1 = in[h + 2 * j + 1];
        out[h + 2 * j] = (float) (x0 * Math.cos(theta) - x1 * Math.sin(theta));
        out[h + 2 * j + 1] = (float) (x0 * Math.sin(theta) + x1 * Math.cos(theta));
      }
    }
    return out;
  }

  @Test
  void thePlainTableRotatesBitForBitAsRunCDoes() {
    for (int pos = 0; pos < 300; pos += 7) {
      float[] a = random(pos, 64);
      float[] b = a.clone();
      runcRope(a, 64, 16, pos, 10000f);
      ops.rope(b, 64, RopeTable.plain(16, 10000f), pos);
      assertArrayEquals(a, b, "position " + pos);
      float[] c = random(pos, 64);
      ops.rope(c, 64, 16, pos, 10000f); // the plain-form entry point
      assertArrayEquals(a, c, "position " + pos);
    }
  }

  @Test
  void factorsOfOneAndALinearFactorOfOneChangeNothingBitForBit() {
    RopeTable ones = new RopeTable(8, 8, 500000f, 1f, new float[] {1, 1, 1, 1});
    RopeTable plain = RopeTable.plain(8, 500000f);
    for (int pos = 0; pos < 100; pos += 3) {
      float[] a = random(pos, 32);
      float[] b = a.clone();
      ops.rope(a, 32, plain, pos);
      ops.rope(b, 32, ones, pos);
      assertArrayEquals(a, b);
    }
  }

  @Test
  void queriesAndKeysTurnByThePositionOverTheLinearFactorOverThePairFactor() {
    float[] factors = {1f, 2f, 8f, 3.5f};
    RopeTable table = new RopeTable(8, 8, 500000f, 4f, factors);
    int pos = 37;
    float[] q = random(1, 32); // 4 query heads
    float[] k = random(2, 16); // 2 key heads
    float[] q0 = q.clone();
    float[] k0 = k.clone();
    ops.rope(q, 32, table, pos);
    ops.rope(k, 16, table, pos);
    assertArrayEquals(expected(q0, 8, 8, 500000, 4, factors, pos), q, 2e-6f);
    assertArrayEquals(expected(k0, 8, 8, 500000, 4, factors, pos), k, 2e-6f);
    assertEquals(37 / 4.0 / 8 * Math.pow(500000, -0.5), table.angle(2, pos), 1e-9);
  }

  @Test
  void neoxTurnsElementJWithElementJPlusHalfTheRotatedDimensions() {
    // llama.cpp's NEOX mode (rotate_half in Hugging Face's code): head of 8, pairs (0,4) .. (3,7)
    RopeTable neox = new RopeTable(8, 8, 10000f, 1f, null, RopeStyle.NEOX);
    float[] v = random(5, 16);
    float[] v0 = v.clone();
    ops.rope(v, 16, neox, 3);
    for (int h = 0; h < 16; h += 8) {
      for (int j = 0; j < 4; j++) {
        double angle = 3 * Math.pow(10000, -2.0 * j / 8);
        double a = v0[h + j];
        double b = v0[h + j + 4];
        assertEquals(a * Math.cos(angle) - b * Math.sin(angle), v[h + j], 2e-6, "element " + j);
        assertEquals(a * Math.sin(angle) + b * Math.cos(angle), v[h + j + 4], 2e-6);
      }
    }
    // partial rotary: dims 4 of a head of 8 pairs (0,2), (1,3); 4..7 stay
    RopeTable partial = new RopeTable(8, 4, 10000f, 1f, null, RopeStyle.NEOX);
    float[] w = v0.clone();
    ops.rope(w, 8, partial, 3);
    double angle1 = 3 * Math.pow(10000, -2.0 / 4);
    assertEquals(v0[1] * Math.cos(angle1) - v0[3] * Math.sin(angle1), w[1], 2e-6);
    for (int i = 4; i < 8; i++) {
      assertEquals(v0[i], w[i], "element " + i + " is past the rotated dims");
    }
  }

  @Test
  void partialRotaryTurnsOnlyTheLeadingDimensionsWithTheirOwnFrequencies() {
    float[] ones = {1f, 1f};
    RopeTable table = new RopeTable(8, 4, 10000f, 1f, null);
    float[] v = random(3, 16);
    float[] v0 = v.clone();
    ops.rope(v, 16, table, 11);
    assertArrayEquals(expected(v0, 8, 4, 10000, 1, ones, 11), v, 2e-6f);
    for (int h = 0; h < 16; h += 8) {
      for (int i = 4; i < 8; i++) {
        assertEquals(v0[h + i], v[h + i], "element " + (h + i) + " is past the rotated dims");
      }
    }
  }

  @Test
  void outOfRangeParametersAreRejectedNamingWhatIsWrong() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new RopeTable(8, 5, 1e4f, 1f, null))
            .getMessage()
            .contains("dims"));
    assertThrows(IllegalArgumentException.class, () -> new RopeTable(8, 10, 1e4f, 1f, null));
    assertThrows(IllegalArgumentException.class, () -> new RopeTable(8, 8, 0f, 1f, null));
    assertThrows(IllegalArgumentException.class, () -> new RopeTable(8, 8, 1e4f, -2f, null));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new RopeTable(8, 8, 1e4f, 1f, new float[] {1, 1, 1}))
            .getMessage()
            .contains("factors"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RopeTable(8, 8, 1e4f, 1f, new float[] {1, 0, 1, 1}));
  }
}
