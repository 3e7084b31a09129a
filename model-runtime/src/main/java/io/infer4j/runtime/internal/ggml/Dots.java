package io.infer4j.runtime.internal.ggml;

/**
 * The dot products behind ggml's {@code mul_mat} on x86 AVX2 with FMA, each in its own
 * accumulation order. Operands of the fp16 products are floats holding fp16 values. Stateless.
 */
final class Dots {
  private Dots() {}

  /**
   * {@code ggml_vec_dot_q8_0_q8_0} (AVX2 branch) and tinyBLAS_Q0_AVX alike: per block of 32, the
   * int32 dot of each 4 consecutive products (8 lanes, exact), converted to float and accumulated
   * as {@code lane = fma(dx * dy, int, lane)} with {@code dx * dy} rounded to float; then {@link
   * LaneSums#hsum8}. {@code n} is a multiple of 32.
   */
  static float q8(byte[] qx, float[] dx, byte[] qy, float[] dy, int n) {
    float[] acc = new float[8];
    int blocks = n / Q8Quantizer.BLOCK;
    for (int b = 0; b < blocks; b++) {
      float d = dx[b] * dy[b];
      int base = b * Q8Quantizer.BLOCK;
      for (int lane = 0; lane < 8; lane++) {
        acc[lane] = Math.fma(d, (float) LegacyDots.quad(qx, qy, base + 4 * lane), acc[lane]);
      }
    }
    return LaneSums.hsum8(acc);
  }

  /**
   * {@code ggml_vec_dot_f16} (AVX with F16C): four 8-lane FMA accumulators over each 32 elements,
   * {@link LaneSums#reduce4x8}, then the leftover {@code n % 32} products (exact in float) added
   * one by one in double; the double rounded to float at the end.
   */
  static float vecF16(float[] x, int xOff, float[] y, int yOff, int n) {
    int np = n & ~31;
    double sum = vecHead(x, xOff, y, yOff, np);
    for (int i = np; i < n; i++) {
      sum += (double) (x[xOff + i] * y[yOff + i]);
    }
    return (float) sum;
  }

  /**
   * {@code ggml_vec_dot_f32} (AVX with FMA): as {@link #vecF16} for the first {@code n & ~31}
   * elements, but the sum is kept in float and the leftovers are fused into it ({@code sumf +=
   * x[i]*y[i]}, which the compiler emits as {@code vfmadd231ss} in the b4916 CPU library).
   */
  static float vecF32(float[] x, int xOff, float[] y, int yOff, int n) {
    int np = n & ~31;
    float sum = vecHead(x, xOff, y, yOff, np);
    for (int i = np; i < n; i++) {
      sum = Math.fma(x[xOff + i], y[yOff + i], sum);
    }
    return sum;
  }

  /** {@link #vecHeadPlain}, as {@link VectorDots#vecHead} where {@link VectorChoice#ENABLED}. */
  private static float vecHead(float[] x, int xOff, float[] y, int yOff, int np) {
    return VectorChoice.ENABLED ? VectorDots.vecHead(x, xOff, y, yOff, np)
        : vecHeadPlain(x, xOff, y, yOff, np);
  }

  /** The first {@code np} (a multiple of 32) products of {@link #vecF16} and {@link #vecF32}. */
  static float vecHeadPlain(float[] x, int xOff, float[] y, int yOff, int np) {
    float[] acc = new float[32]; // GGML_F32_ARR = 4 vectors of GGML_F32_EPR = 8 lanes
    for (int i = 0; i < np; i += 32) {
      for (int j = 0; j < 32; j++) {
        acc[j] = Math.fma(x[xOff + i + j], y[yOff + i + j], acc[j]);
      }
    }
    return LaneSums.reduce4x8(acc);
  }

  /**
   * tinyBLAS's {@code gemm_bloc} for F32 and F16 on AVX2 (llamafile/sgemm.cpp, {@code KN = 8}):
   * one 8-lane FMA accumulator over the whole row, then {@link LaneSums#hsum8}. {@code k} is a
   * multiple of 8.
   */
  static float tiny(float[] x, int xOff, float[] y, int yOff, int k) {
    return VectorChoice.ENABLED ? VectorDots.tiny(x, xOff, y, yOff, k)
        : tinyPlain(x, xOff, y, yOff, k);
  }

  /** {@link #tiny} in plain loops, the reference of {@link VectorDots#tiny}. */
  static float tinyPlain(float[] x, int xOff, float[] y, int yOff, int k) {
    float[] acc = new float[8];
    for (int l = 0; l < k; l += 8) {
      for (int lane = 0; lane < 8; lane++) {
        acc[lane] = Math.fma(x[xOff + l + lane], y[yOff + l + lane], acc[lane]);
      }
    }
    return LaneSums.hsum8(acc);
  }
}
