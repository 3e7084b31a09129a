package io.infer4j.runtime.internal.ggml;

/** The row-wise non-matmul ops of the Llama graph, each as ggml-cpu.c computes it. Stateless. */
final class Ops {
  private Ops() {}

  /**
   * {@code ggml_compute_forward_rms_norm_f32} then {@code ggml_mul} by the norm weight: squares
   * rounded to float and summed in double, {@code mean = (float) (sum / n)}, {@code scale = 1f /
   * sqrtf(mean + eps)}, {@code out[i] = (x[i] * scale) * weight[i]}. {@code out} may be {@code x}.
   */
  static void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n,
      float eps) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      float v = x[xOff + i];
      sum += (double) (v * v);
    }
    float mean = (float) (sum / n);
    float scale = 1.0f / (float) Math.sqrt(mean + eps);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (x[xOff + i] * scale) * weight[i];
    }
  }

  /**
   * {@code ggml_compute_forward_soft_max_f32} of one row with a causal mask: {@code w = x * scale}
   * for the first {@code valid} entries and {@code -inf} for the rest of the {@code n} (masked);
   * max; then {@code ggml_vec_soft_max_f32}: exp of {@code w - max} by {@link VExp#exp} in whole
   * 8-lane groups (each group summed as {@code hsum} of 4, i.e. {@code (v0+v4 + v2+v6) + (v1+v5 +
   * v3+v7)}, in float, then added to a double), libm's {@code expf} for the {@code n % 8} rest;
   * finally every value times {@code (float) (1.0 / sum)}. Writes {@code x[0 .. n)}.
   */
  static void softMax(float[] x, int off, int valid, int n, float scale) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      float w = i < valid ? x[off + i] * scale : Float.NEGATIVE_INFINITY;
      x[off + i] = w;
      max = Math.max(max, w);
    }
    double sum = 0.0;
    float[] lanes = new float[8];
    int i = 0;
    for (; i + 7 < n; i += 8) {
      for (int l = 0; l < 8; l++) {
        lanes[l] = VExp.exp(x[off + i + l] - max);
        x[off + i + l] = lanes[l];
      }
      sum += (double) LaneSums.hsum8(lanes);
    }
    for (; i < n; i++) {
      float v = Libm.expf(x[off + i] - max);
      sum += v;
      x[off + i] = v;
    }
    float inv = (float) (1.0 / sum);
    for (int j = 0; j < n; j++) {
      x[off + j] *= inv;
    }
  }

  /**
   * {@code ggml_vec_silu_f32} on {@code gate} then {@code ggml_mul} by {@code up}: lanes of whole
   * groups of 8 by {@link VExp#silu}, the {@code n % 8} rest by {@code x / (1 + expf(-x))}.
   */
  static void siluMul(float[] gate, int off, float[] up, int upOff, int n) {
    int whole = n & ~7;
    for (int i = 0; i < n; i++) {
      float x = gate[off + i];
      float s = i < whole ? VExp.silu(x) : x / (1f + Libm.expf(-x));
      gate[off + i] = s * up[upOff + i];
    }
  }
}
