package io.infer4j.runtime.internal.ggml;

/**
 * {@code ggml_compute_forward_rope_f32} without YaRN ({@code ext_factor = 0}, {@code attn_factor
 * = 1}): the angles of one position come from {@code ggml_rope_cache_init}, where {@code theta}
 * starts at the position and is multiplied by {@code theta_scale = powf(base, -2f / dims)} once per
 * pair, in float (not {@code base^(-2j/dims)} per pair); each angle is {@code freq_scale *
 * (theta / factor[j])}; {@code powf}, {@code cosf} and {@code sinf} are the C library's ({@link
 * Libm}). The rotation is fused as the b4916 library's compiler emitted it: {@code
 * out0 = fma(x0, cos, -(x1 * sin))}, {@code out1 = fma(x1, cos, x0 * sin)}, one product rounded.
 * Immutable and thread-safe.
 */
final class Rope {
  private final int headSize;
  private final int dims; // leading rotated dimensions of each head (n_rot)
  private final boolean neox; // pairs (j, j + dims/2) instead of (2j, 2j+1)
  private final float thetaScale;
  private final float freqScale; // 1 / linear scaling factor
  private final float[] factors; // per-pair divisors (rope_freqs), or null

  Rope(int headSize, int dims, float base, float freqScale, float[] factors, boolean neox) {
    this.headSize = headSize;
    this.dims = dims;
    this.neox = neox;
    this.thetaScale = Libm.powf(base, -2.0f / dims);
    this.freqScale = freqScale;
    this.factors = factors == null || factors.length == 0 ? null : factors.clone();
  }

  /** {@code cos, sin} of every pair at {@code pos}: {@code cs[2j]}, {@code cs[2j + 1]}. */
  float[] angles(int pos) {
    float[] cs = new float[dims];
    float theta = pos;
    for (int i0 = 0; i0 < dims; i0 += 2) {
      float ff = factors == null ? 1f : factors[i0 / 2];
      float t = freqScale * (theta / ff);
      cs[i0] = Libm.cosf(t);
      cs[i0 + 1] = Libm.sinf(t);
      theta *= thetaScale;
    }
    return cs;
  }

  /** Rotates every head of {@code x[off .. off + length)} by the angles {@code cs}. */
  void apply(float[] x, int off, int length, float[] cs) {
    int half = dims / 2;
    for (int h = off; h < off + length; h += headSize) {
      for (int i0 = 0; i0 < dims; i0 += 2) {
        int a = neox ? h + i0 / 2 : h + i0;
        int b = neox ? a + half : a + 1;
        float cos = cs[i0];
        float sin = cs[i0 + 1];
        float x0 = x[a];
        float x1 = x[b];
        x[a] = Math.fma(x0, cos, -(x1 * sin));
        x[b] = Math.fma(x1, cos, x0 * sin);
      }
    }
  }
}
