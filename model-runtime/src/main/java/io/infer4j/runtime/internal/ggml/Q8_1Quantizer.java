package io.infer4j.runtime.internal.ggml;

/**
 * Activations quantized to Q8_1 as ggml's AVX2 {@code quantize_row_q8_1} (ggml-cpu-quants.c) does
 * before a Q4_1 or Q5_1 {@code mul_mat}: the values and the fp16 scale {@code d} exactly as {@link
 * Q8Quantizer} (same {@code amax}, {@code 127 / amax} multiplier, round-half-to-even), plus {@code s
 * = fp16(dUnrounded * sum(qs))} per block of 32, where {@code dUnrounded = amax / 127} is the float
 * scale before its fp16 rounding and the sum is the exact int32 sum of the block's 32 values
 * ({@code hsum_i32_8}). Stateless.
 */
final class Q8_1Quantizer {
  private Q8_1Quantizer() {}

  /**
   * Quantizes {@code x[0 .. n)} ({@code n} a multiple of 32) into {@code qs[0 .. n)}, {@code d[0 ..
   * n / 32)} and {@code s[0 .. n / 32)} (fp16 values as floats).
   */
  static void quantize(float[] x, int n, byte[] qs, float[] d, float[] s) {
    Q8Quantizer.quantize(x, n, qs, d);
    for (int b = 0; b < n / Q8Quantizer.BLOCK; b++) {
      int at = b * Q8Quantizer.BLOCK;
      float amax = 0f;
      int sum = 0;
      for (int i = 0; i < Q8Quantizer.BLOCK; i++) {
        amax = Math.max(amax, Math.abs(x[at + i]));
        sum += qs[at + i];
      }
      s[b] = Fp16.round(amax / 127f * (float) sum);
    }
  }
}
