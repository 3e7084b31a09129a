package io.infer4j.runtime.internal.ggml;

/**
 * The two horizontal sums of 8-lane float vectors that ggml's x86 code uses; they add the same
 * lanes in different orders, so they can round differently. Stateless.
 */
final class LaneSums {
  private LaneSums() {}

  /**
   * {@code hsum_float_8} (ggml-cpu-quants.c) and tinyBLAS's {@code hsum(__m256)} (sgemm.cpp): the
   * high half added to the low half lane-wise, then {@code (r0 + r2) + (r1 + r3)}.
   */
  static float hsum8(float[] v) {
    float r0 = v[4] + v[0];
    float r1 = v[5] + v[1];
    float r2 = v[6] + v[2];
    float r3 = v[7] + v[3];
    return (r0 + r2) + (r1 + r3);
  }

  /**
   * {@code GGML_F32x8_REDUCE} (ggml-cpu.c, AVX): four 8-lane accumulators {@code acc[j*8 + lane]}
   * folded as {@code (a0 + a2) + (a1 + a3)} lane-wise, the low half plus the high half, then two
   * {@code hadd}: {@code (t0 + t1) + (t2 + t3)}.
   */
  static float reduce4x8(float[] acc) {
    float[] t = new float[4];
    for (int i = 0; i < 4; i++) {
      float lo = (acc[i] + acc[16 + i]) + (acc[8 + i] + acc[24 + i]);
      float hi = (acc[4 + i] + acc[20 + i]) + (acc[12 + i] + acc[28 + i]);
      t[i] = lo + hi;
    }
    return (t[0] + t[1]) + (t[2] + t[3]);
  }
}
