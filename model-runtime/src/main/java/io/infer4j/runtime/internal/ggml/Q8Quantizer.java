package io.infer4j.runtime.internal.ggml;

/**
 * Activations quantized to Q8_0 as ggml's AVX2 {@code quantize_row_q8_0} (ggml-cpu-quants.c) does
 * before a Q8_0 {@code mul_mat}: per block of 32, {@code amax = max|x|}, the stored scale {@code d =
 * fp16(amax / 127)}, the values {@code round(x * (127 / amax))} with round-half-to-even ({@code
 * _mm256_round_ps(_MM_ROUND_NEAREST)}). The scalar reference {@code quantize_row_q8_0_ref}
 * differs: it multiplies by {@code 1 / d} and rounds half away from zero. Stateless.
 */
final class Q8Quantizer {
  static final int BLOCK = 32; // QK8_0

  private Q8Quantizer() {}

  /**
   * Quantizes {@code x[0 .. n)} ({@code n} a multiple of 32) into {@code qs[0 .. n)} and {@code
   * d[0 .. n / 32)} (fp16 values as floats).
   */
  static void quantize(float[] x, int n, byte[] qs, float[] d) {
    for (int b = 0; b < n / BLOCK; b++) {
      int at = b * BLOCK;
      float amax = 0f;
      for (int i = 0; i < BLOCK; i++) {
        amax = Math.max(amax, Math.abs(x[at + i]));
      }
      d[b] = Fp16.round(amax / 127f);
      float id = amax != 0f ? 127f / amax : 0f;
      for (int i = 0; i < BLOCK; i++) {
        qs[at + i] = (byte) Math.rint(x[at + i] * id);
      }
    }
  }
}
