package io.infer4j.runtime.internal.ggml;

/**
 * One lane of ggml's vectorised {@code ggml_v_expf} and {@code ggml_v_silu} (ggml-cpu.c, AVX2 and
 * FMA branch): an exp approximation (range reduction by {@code round(x / ln 2)} with the 1.5 * 2^23
 * trick, a degree-5 polynomial, scaling through the exponent bits) that differs from {@code expf}
 * in the last bits. ggml uses it on whole 8-lane vectors only; the {@code n % 8} leftovers of a
 * row go through libm's {@code expf} ({@link Libm#expf}). Stateless.
 */
final class VExp {
  private VExp() {}

  /** {@code ggml_v_expf}, one lane; {@code exp(-inf)} is 0. */
  static float exp(float x) {
    final float r = 0x1.8p23f;
    float z = Math.fma(x, 0x1.715476p+0f, r);
    float n = z - r;
    float b = Math.fma(-n, 0x1.7f7d1cp-20f, Math.fma(-n, 0x1.62e4p-1f, x));
    int e = Float.floatToRawIntBits(z) << 23;
    float k = Float.intBitsToFloat(e + Float.floatToRawIntBits(1f));
    boolean c = Math.abs(n) > 126f; // _CMP_GT_OQ: false for NaN
    float u = b * b;
    float j = Math.fma(
        Math.fma(Math.fma(0x1.0e4020p-7f, b, 0x1.573e2ep-5f), u,
            Math.fma(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)),
        u, 0x1.ffffecp-1f * b);
    if (!c) {
      return Math.fma(j, k, k);
    }
    int g = n <= 0f ? 0x82000000 : 0; // _CMP_LE_OQ
    float s1 = Float.intBitsToFloat(g + 0x7f000000);
    float s2 = Float.intBitsToFloat(e - g);
    if (Math.abs(n) > 192f) {
      return s1 * s1;
    }
    return Math.fma(s2, j, s2) * s1;
  }

  /** {@code ggml_v_silu}, one lane: {@code x / (1 + v_expf(0 - x))}. */
  static float silu(float x) {
    return x / (1f + exp(0f - x));
  }
}
