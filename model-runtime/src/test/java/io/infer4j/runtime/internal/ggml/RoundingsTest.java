package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The roundings of ggml's conversions, on hand-computed cases. */
class RoundingsTest {

  @Test
  void fp16RoundsHalfwayCasesToEven() {
    float ulp = 0x1p-10f; // fp16 spacing in [1, 2)
    assertEquals(1f, Fp16.round(1f + ulp / 2)); // halfway, 1.0 is even
    assertEquals(1f + 2 * ulp, Fp16.round(1f + 3 * ulp / 2)); // halfway, 1 + 2 ulp is even
    assertEquals(1f + ulp, Fp16.round(1f + ulp / 2 + 0x1p-20f)); // just above halfway
    assertEquals(65504f, Fp16.round(65519f)); // below the overflow threshold
    assertEquals(Float.POSITIVE_INFINITY, Fp16.round(65520f));
  }

  @Test
  void q8ActivationsRoundHalfToEvenWithScale127OverMax() {
    float[] x = new float[32];
    x[0] = 127f; // amax = 127: id = 1, d = 1
    x[1] = 2.5f; // -> 2 (half to even; quantize_row_q8_0_ref's roundf gives 3)
    x[2] = 3.5f; // -> 4
    x[3] = -2.5f; // -> -2
    x[4] = 0.49f;
    byte[] qs = new byte[32];
    float[] d = new float[1];
    Q8Quantizer.quantize(x, 32, qs, d);
    assertEquals(1f, d[0]);
    assertArrayEquals(new byte[] {127, 2, 4, -2, 0}, java.util.Arrays.copyOf(qs, 5));
  }

  @Test
  void q8ScaleIsStoredAsFp16ButValuesUseTheExactInverse() {
    float[] x = new float[32];
    x[0] = 1f; // d = 1/127 in fp16; values scaled by 127 / 1, not by 1 / fp16(d)
    x[1] = 0.5f; // 63.5 -> 64 (even)
    byte[] qs = new byte[32];
    float[] d = new float[1];
    Q8Quantizer.quantize(x, 32, qs, d);
    assertEquals(Fp16.round(1f / 127f), d[0]);
    assertEquals(127, qs[0]);
    assertEquals(64, qs[1]);
  }

  @Test
  void zeroBlockQuantizesToZeros() {
    byte[] qs = new byte[32];
    float[] d = new float[1];
    Q8Quantizer.quantize(new float[32], 32, qs, d);
    assertEquals(0f, d[0]);
    assertArrayEquals(new byte[32], qs);
  }
}
