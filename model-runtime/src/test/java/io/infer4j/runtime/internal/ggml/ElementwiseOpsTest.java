package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.infer4j.runtime.internal.kernels.ReferenceVectorOps;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ggml's exp, softmax, rmsnorm, SwiGLU and RoPE against the plain reference. */
class ElementwiseOpsTest {

  @Test
  void vExpIsWithinTwoUlpsOfExpAndHandlesTheEdges() {
    for (float x = -87f; x < 88f; x += 0.01337f) {
      float want = (float) Math.exp(x);
      assertEquals(want, VExp.exp(x), 2 * Math.ulp(want), "x = " + x);
    }
    assertEquals(1f, VExp.exp(0f));
    assertEquals(0f, VExp.exp(Float.NEGATIVE_INFINITY));
    assertEquals(0f, VExp.exp(-200f));
  }

  @Test
  void vExpIsNotLibmExpEverywhere() {
    int differ = 0;
    for (float x = -10f; x < 10f; x += 0.001f) {
      if (VExp.exp(x) != Libm.expf(x)) {
        differ++;
      }
    }
    assertNotEquals(0, differ);
  }

  @Test
  void softMaxMatchesTheReferenceAndZeroesMaskedCells() {
    Random r = new Random(5);
    int n = 37; // 32 through vector lanes of 8, 5 through libm
    int valid = 30;
    float scale = 0.35355338f;
    float[] x = new float[n];
    float[] ref = new float[valid];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian() * 3;
      if (i < valid) {
        ref[i] = x[i] * scale;
      }
    }
    Ops.softMax(x, 0, valid, n, scale);
    new ReferenceVectorOps().softmax(ref, 0, valid);
    for (int i = 0; i < valid; i++) {
      assertEquals(ref[i], x[i], 1e-6f);
    }
    for (int i = valid; i < n; i++) {
      assertEquals(0f, x[i]);
    }
  }

  @Test
  void rmsNormAndSiluMulMatchTheReference() {
    Random r = new Random(9);
    int n = 172; // 168 lanes of 8 through ggml_v_silu, 4 through libm's expf
    float[] x = new float[n];
    float[] w = new float[n];
    float[] up = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
      w[i] = (float) r.nextGaussian();
      up[i] = (float) r.nextGaussian();
    }
    float[] ours = new float[n];
    float[] ref = new float[n];
    Ops.rmsNorm(ours, 0, x, 0, w, n, 1e-5f);
    new ReferenceVectorOps().rmsnorm(ref, x, w, n, 1e-5f);
    for (int i = 0; i < n; i++) {
      assertEquals(ref[i], ours[i], 1e-5f);
    }
    float[] gate = x.clone();
    float[] refGate = x.clone();
    Ops.siluMul(gate, 0, up, 0, n);
    new ReferenceVectorOps().swiglu(refGate, up.clone(), n);
    for (int i = 0; i < n; i++) {
      assertEquals(refGate[i], gate[i], 1e-5f);
    }
  }

  @Test
  void ropeAnglesComeFromRepeatedMultiplication() {
    Rope rope = new Rope(8, 8, 10000f, 1f, null, false);
    // the same C library functions Rope calls (glibc's are not correctly rounded), so the check
    // is of the angles' recurrence, not of one libm against another
    float scale = Libm.powf(10000f, -0.25f);
    float[] cs = rope.angles(300);
    float theta = 300f;
    for (int j = 0; j < 4; j++) {
      assertEquals(Libm.cosf(theta), cs[2 * j]);
      assertEquals(Libm.sinf(theta), cs[2 * j + 1]);
      theta *= scale;
    }
  }

  @Test
  void ropeRotatesLikeThePlainFormula() {
    Rope rope = new Rope(8, 8, 10000f, 1f, null, false);
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
    float[] cs = rope.angles(17);
    float[] want = x.clone();
    for (int j = 0; j < 4; j++) {
      float c = cs[2 * j];
      float s = cs[2 * j + 1];
      want[2 * j] = x[2 * j] * c - x[2 * j + 1] * s;
      want[2 * j + 1] = x[2 * j] * s + x[2 * j + 1] * c;
    }
    rope.apply(x, 0, 8, cs);
    for (int i = 0; i < 8; i++) {
      assertEquals(want[i], x[i], 1e-5f);
    }
  }
}
