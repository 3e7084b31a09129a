package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The C library's float functions as GGML mode calls them, against Java's correctly rounded. */
class LibmTest {

  @Test
  void cFunctionsAreFaithfulToTheCorrectlyRoundedValues() {
    float theta = 1f;
    for (int i = 0; i < 4096; i++, theta = theta * 1.0021f + 0.37f) {
      float x = theta % 600f;
      assertEquals((float) Math.cos(x), Libm.cosf(x), Math.ulp((float) Math.cos(x)), "cos " + x);
      assertEquals((float) Math.sin(x), Libm.sinf(x), Math.ulp((float) Math.sin(x)), "sin " + x);
      float e = -x / 20f;
      assertEquals((float) Math.exp(e), Libm.expf(e), Math.ulp((float) Math.exp(e)), "exp " + e);
    }
    assertEquals(0.7498942f, Libm.powf(10000f, -2f / 64)); // RoPE theta_scale, 64-wide heads
  }

  @Test
  void onGlibcSomeRopeAnglesDifferFromCorrectlyRoundedInTheLastBit() {
    assumeTrue(Libm.isNative() && System.getProperty("os.name").startsWith("Linux"));
    int differ = 0;
    for (int pos = 0; pos < 512; pos++) {
      float theta = pos;
      for (int i = 0; i < 32; i++, theta *= 0.7498942f) {
        differ += Libm.cosf(theta) != (float) Math.cos(theta) ? 1 : 0;
        differ += Libm.sinf(theta) != (float) Math.sin(theta) ? 1 : 0;
      }
    }
    assertTrue(differ > 0, "glibc's cosf and sinf are not correctly rounded: " + differ);
  }
}
