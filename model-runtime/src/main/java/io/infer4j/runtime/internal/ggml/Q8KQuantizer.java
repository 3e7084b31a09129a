package io.infer4j.runtime.internal.ggml;

/**
 * Activations quantized to Q8_K before a K-quant (Q4_K, Q5_K, Q6_K) {@code mul_mat}. On x86 ggml's
 * {@code quantize_row_q8_K} (ggml-cpu-quants.c) calls the scalar {@code quantize_row_q8_K_ref}
 * (ggml-quants.c, in ggml-base, compiled for plain SSE2: no FMA contraction). Per super-block of
 * 256: {@code max} is the first value of largest magnitude (signed), {@code iscale = -127 / max},
 * each value {@code min(127, nearest_int(iscale * x))} (the float product rounded half to even, as
 * {@code nearest_int}'s add of 1.5 * 2^23 does), the scale {@code d = 1 / iscale} kept as a float
 * (not fp16), and {@code bsums}: the int sums of each 16 consecutive values. An all-zero block gets
 * {@code d = 0} and zeros. Stateless.
 */
final class Q8KQuantizer {
  static final int BLOCK = 256; // QK_K
  static final int BSUM = 16; // values per bsums entry

  private Q8KQuantizer() {}

  /**
   * Quantizes {@code x[0 .. n)} ({@code n} a multiple of 256) into {@code qs[0 .. n)}, {@code d[0
   * .. n / 256)} and {@code bsums[0 .. n / 16)}.
   */
  static void quantize(float[] x, int n, byte[] qs, float[] d, int[] bsums) {
    for (int b = 0; b < n / BLOCK; b++) {
      int at = b * BLOCK;
      float max = 0f;
      float amax = 0f;
      for (int j = 0; j < BLOCK; j++) {
        float ax = Math.abs(x[at + j]);
        if (ax > amax) {
          amax = ax;
          max = x[at + j];
        }
      }
      if (amax == 0f) {
        d[b] = 0f;
        java.util.Arrays.fill(qs, at, at + BLOCK, (byte) 0);
        java.util.Arrays.fill(bsums, at / BSUM, (at + BLOCK) / BSUM, 0);
        continue;
      }
      float iscale = -127f / max;
      for (int j = 0; j < BLOCK; j++) {
        qs[at + j] = (byte) Math.min(127, (int) Math.rint(iscale * x[at + j]));
      }
      for (int g = 0; g < BLOCK / BSUM; g++) {
        int sum = 0;
        for (int i = 0; i < BSUM; i++) {
          sum += qs[at + g * BSUM + i];
        }
        bsums[at / BSUM + g] = sum;
      }
      d[b] = 1f / iscale;
    }
  }
}
