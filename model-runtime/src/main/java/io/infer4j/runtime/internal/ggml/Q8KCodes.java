package io.infer4j.runtime.internal.ggml;

/**
 * One token's activations quantized to Q8_K ({@link Q8KQuantizer}, llama.cpp's {@code
 * quantize_row_q8_K}) in the form the int8 K-quant kernels read: the codes widened to shorts
 * ({@code n}), each super-block's scale {@code d} ({@code n / 256}), and the sums of each 32 codes
 * (ggml's {@code bsums} in pairs: what Q4_K's and Q5_K's mins multiply). Immutable after {@link
 * #quantize}.
 */
record Q8KCodes(short[] wide, float[] d, int[] sums32) {
  /**
   * The first {@code n} values of {@code x} ({@code n % 256 == 0}), quantized: in vector lanes
   * where this package's vector forms run ({@link Q8KCodesInLanes}, the same codes bit for bit),
   * else by {@link #plain}.
   */
  static Q8KCodes quantize(float[] x, int n) {
    return VectorChoice.ENABLED ? Q8KCodesInLanes.quantize(x, n) : plain(x, n);
  }

  /** {@link #quantize} by {@link Q8KQuantizer}'s plain loops. */
  static Q8KCodes plain(float[] x, int n) {
    byte[] qs = new byte[n];
    float[] d = new float[n / Q8KQuantizer.BLOCK];
    int[] sums16 = new int[n / Q8KQuantizer.BSUM];
    Q8KQuantizer.quantize(x, n, qs, d, sums16);
    short[] wide = new short[n];
    for (int i = 0; i < n; i++) {
      wide[i] = qs[i];
    }
    int[] sums32 = new int[n / 32];
    for (int j = 0; j < sums32.length; j++) {
      sums32[j] = sums16[2 * j] + sums16[2 * j + 1];
    }
    return new Q8KCodes(wide, d, sums32);
  }
}
