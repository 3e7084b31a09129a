package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void ropeTakesTheCLibraryValueWhereItDiffersFromTheCorrectlyRoundedOne() {
    assumeTrue(Libm.isNative(), "the C library's functions could not be linked here");
    Rope rope = new Rope(64, 64, 10000f, 1f, null, false);
    int differ = 0;
    for (int pos = 0; pos < 512; pos++) {
      float[] cs = rope.angles(pos);
      float theta = pos;
      for (int i = 0; i < 32; i++, theta *= Libm.powf(10000f, -2f / 64)) {
        if (Libm.cosf(theta) != (float) Math.cos(theta)) {
          differ++;
          assertEquals(Libm.cosf(theta), cs[2 * i], "position " + pos + ", pair " + i);
        }
      }
    }
    // glibc 2.36 (this project's machine): about 1.5% of these angles; a C library whose cosf is
    // correctly rounded (glibc 2.41 adopted CORE-MATH for some functions) leaves nothing to show
    assumeTrue(differ > 0, "this C library's cosf is correctly rounded on these angles");
  }
}
