package io.infer4j.runtime.internal.ggml;

/**
 * The x86 AVX2 dot products of ggml's 32-element block types other than Q8_0 x Q8_0 ({@link
 * Dots#q8}, which also serves Q5_0 and unrepacked Q4_0: their kernels differ only in how they
 * unpack the weight codes). Weight codes and scales come from a {@link QuantRow}; activations from
 * {@link Q8Quantizer} or {@link Q8_1Quantizer}. {@code n} is a multiple of 32. Stateless.
 */
final class LegacyDots {
  private LegacyDots() {}

  /**
   * {@code ggml_vec_dot_q4_1_q8_1} and {@code ggml_vec_dot_q5_1_q8_1} (AVX2 branches): per block,
   * the int32 dot of each 4 consecutive products (unsigned codes times int8, exact) into 8 lanes as
   * {@code lane = fma(dx * dy, int, lane)}, and the offsets apart as {@code summs = fma(mx, sy,
   * summs)} (a scalar {@code summs += m * s} that GCC fused: {@code vfmadd231ss} in the b4916
   * library); the result {@code hsum_float_8(lanes) + summs}.
   */
  static float q8_1(QuantRow x, byte[] qy, float[] dy, float[] sy, int n) {
    float[] acc = new float[8];
    float summs = 0f;
    for (int b = 0; b < n / 32; b++) {
      summs = Math.fma(x.m[b], sy[b], summs);
      float d = x.d[b] * dy[b];
      int base = b * 32;
      for (int lane = 0; lane < 8; lane++) {
        acc[lane] = Math.fma(d, (float) quad(x.q, qy, base + 4 * lane), acc[lane]);
      }
    }
    return LaneSums.hsum8(acc) + summs;
  }

  /**
   * {@code ggml_gemv_q4_0_8x8_q8_0} and {@code ggml_gemm_q4_0_8x8_q8_0} (ggml-cpu-aarch64.cpp, AVX2
   * branches), which take a Q4_0 product once its weights are repacked 8 rows at a time (b4916 does
   * so on AVX2 for every Q4_0 matrix of {@code mul_mat} with {@code rows % 8 == 0}): per output,
   * one float accumulator (one lane of the 8 rows' vector), per block the exact int32 dot of all 32
   * products, {@code acc = fma((float) dot, dx * dy, acc)}; no horizontal sum.
   */
  static float q4_0x8(QuantRow x, byte[] qy, float[] dy, int n) {
    float acc = 0f;
    for (int b = 0; b < n / 32; b++) {
      int dot = 0;
      for (int i = b * 32; i < b * 32 + 32; i++) {
        dot += x.q[i] * qy[i];
      }
      acc = Math.fma((float) dot, x.d[b] * dy[b], acc);
    }
    return acc;
  }

  /** The int32 dot of 4 consecutive codes at {@code i} (one lane of {@code mul_sum_*_pairs}). */
  static int quad(byte[] qx, byte[] qy, int i) {
    return qx[i] * qy[i] + qx[i + 1] * qy[i + 1] + qx[i + 2] * qy[i + 2] + qx[i + 3] * qy[i + 3];
  }
}
