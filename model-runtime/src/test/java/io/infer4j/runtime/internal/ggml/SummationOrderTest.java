package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lane orders of ggml's sums, shown on values where the order decides the float result, and
 * the dot products against an exact (double) reference.
 */
class SummationOrderTest {
  private static final float BIG = 0x1p24f; // adding 1 to it rounds back (tie to even)

  @Test
  void hsum8AddsTheHighHalfToTheLowHalfFirst() {
    float[] v = {BIG, 1, 0, 0, 0, 1, 0, 0};
    float sequential = 0;
    for (float f : v) {
      sequential += f;
    }
    assertEquals(BIG, sequential); // each 1 is lost
    // (v0 + v4) + (v2 + v6) = BIG; (v1 + v5) + (v3 + v7) = 2; BIG + 2 is exact
    assertEquals(BIG + 2, LaneSums.hsum8(v));
  }

  @Test
  void reduce4x8FoldsAccumulatorsThenHalvesThenPairs() {
    float[] acc = new float[32];
    acc[0] = BIG; // accumulator 0, lane 0
    acc[16 + 1] = 1; // accumulator 2, lane 1
    acc[8 + 1] = 1; // accumulator 1, lane 1
    // lane 1 sums to 2 before meeting BIG: t0 + t1 = BIG + 2
    assertEquals(BIG + 2, LaneSums.reduce4x8(acc));
    float[] spread = new float[32];
    spread[0] = BIG;
    spread[1] = 1; // lane 1: t0 + t1 = BIG + 1 -> BIG (tie to even), then + t2 + t3
    spread[2] = 1; // lane 2: t2 + t3 = 1 + 0
    assertEquals(BIG, LaneSums.reduce4x8(spread));
  }

  @Test
  void f16LeftoversAreSummedInDouble() {
    // 32 + 3 elements: the head through the vector lanes, the three leftovers in double
    float[] x = new float[35];
    float[] y = new float[35];
    x[0] = 2048; // fp16-exact; with y = 1 the head sums to 2048
    y[0] = 1;
    for (int i = 32; i < 35; i++) {
      x[i] = 0.5f;
      y[i] = 0x1p-12f; // products 2^-13: half an ulp of 2048 in float, each lost (tie to even)
    }
    float viaDouble = Dots.vecF16(x, 0, y, 0, 35);
    assertEquals(2048 + 0x1p-11f, viaDouble); // 2048 + 1.5 ulp, rounded once, to even
    assertEquals(2048f, Dots.vecF32(x, 0, y, 0, 35)); // ggml_vec_dot_f32 keeps the sum in float
  }

  @Test
  void everyDotAgreesWithTheExactDotWithinFloatRounding() {
    Random r = new Random(7);
    for (int n : new int[] {8, 32, 64, 96, 172}) {
      float[] x = new float[n];
      float[] y = new float[n];
      double exact = 0;
      for (int i = 0; i < n; i++) {
        x[i] = Fp16.round((float) r.nextGaussian());
        y[i] = Fp16.round((float) r.nextGaussian());
        exact += (double) x[i] * y[i];
      }
      double tol = 1e-5 * n;
      assertEquals(exact, Dots.vecF16(x, 0, y, 0, n), tol);
      assertEquals(exact, Dots.vecF32(x, 0, y, 0, n), tol);
      if (n % 8 == 0) {
        assertEquals(exact, Dots.tiny(x, 0, y, 0, n), tol);
      }
    }
  }

  @Test
  void tinyBlasAndVecDotOrdersDifferOnSomeRows() {
    Random r = new Random(11);
    int differ = 0;
    for (int trial = 0; trial < 200; trial++) {
      float[] x = new float[64];
      float[] y = new float[64];
      for (int i = 0; i < 64; i++) {
        x[i] = (float) r.nextGaussian();
        y[i] = (float) r.nextGaussian();
      }
      if (Dots.tiny(x, 0, y, 0, 64) != Dots.vecF32(x, 0, y, 0, 64)) {
        differ++;
      }
    }
    assertNotEquals(0, differ);
  }

  @Test
  void q8DotIsTheExactIntegerDotScaledPerBlock() {
    Random r = new Random(3);
    byte[] qx = new byte[64];
    byte[] qy = new byte[64];
    for (int i = 0; i < 64; i++) {
      qx[i] = (byte) (r.nextInt(255) - 127);
      qy[i] = (byte) (r.nextInt(255) - 127);
    }
    float[] dx = {Fp16.round(0.01f), Fp16.round(0.02f)};
    float[] dy = {Fp16.round(0.03f), Fp16.round(0.005f)};
    double exact = 0;
    for (int i = 0; i < 64; i++) {
      exact += (double) dx[i / 32] * dy[i / 32] * qx[i] * qy[i];
    }
    assertEquals(exact, Dots.q8(qx, dx, qy, dy, 64), Math.abs(exact) * 1e-5 + 1e-6);
  }
}
