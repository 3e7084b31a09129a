package io.infer4j.runtime.internal.ggml;

/**
 * ggml's x86 AVX2 K-quant dot products against Q8_K activations ({@link Q8KQuantizer}), weights
 * from a {@link QuantRow}. All three share the integer part: per super-block of 256, 8 int32 lanes,
 * lane {@code l} summing {@code scale * code * y} over the elements {@code e} with {@code (e % 32)
 * / 4 == l} ({@code maddubs} pairs, then {@code madd} by the sub-block scale; exact), converted to
 * float and accumulated as {@code lane = fma(d, int, lane)} with {@code d = y.d * x.d} in float;
 * then {@code hsum_float_8}. They differ in the mins. {@code n} is a multiple of 256. Stateless.
 */
final class KDots {
  private KDots() {}

  /**
   * The integer part of a K-quant dot product for one row and one token: {@link #addTo} fuses
   * super-block {@code i}'s 8 scaled int32 lanes into {@code acc} as {@code acc[l] = fma(d, (float)
   * lane[l], acc[l])}. {@link #lanes} is the plain form, {@link VectorDots#kLanes} the Vector API
   * one (the same integers, so the same bits).
   */
  interface SuperBlockLanes {
    void addTo(float[] acc, int i, float d);
  }

  /** The plain {@link SuperBlockLanes} of row {@code x} against Q8_K codes {@code qy}. */
  static SuperBlockLanes lanes(QuantRow x, byte[] qy) {
    return (acc, i, d) -> scaled(x, qy, i, d, acc);
  }

  /** {@link #q4K(QuantRow, SuperBlockLanes, float[], int[], int)} with the plain lanes. */
  static float q4K(QuantRow x, byte[] qy, float[] dy, int[] bsums, int n) {
    return q4K(x, lanes(x, qy), dy, bsums, n);
  }

  /** {@link #q5K(QuantRow, SuperBlockLanes, float[], int[], int)} with the plain lanes. */
  static float q5K(QuantRow x, byte[] qy, float[] dy, int[] bsums, int n) {
    return q5K(x, lanes(x, qy), dy, bsums, n);
  }

  /** {@link #q6K(QuantRow, SuperBlockLanes, float[], int)} with the plain lanes. */
  static float q6K(QuantRow x, byte[] qy, float[] dy, int n) {
    return q6K(x, lanes(x, qy), dy, n);
  }

  /**
   * {@code ggml_vec_dot_q4_K_q8_K}: the mins in a 4-lane accumulator, lane {@code k} {@code =
   * fma(dmin, (float) (min[2k] * (bs[4k] + bs[4k+1]) + min[2k+1] * (bs[4k+2] + bs[4k+3])), lane)}
   * with {@code dmin = -y.d * x.dmin} and {@code bs} the 16 bsums; reduced as {@code (a0 + a2) +
   * (a1 + a3)} and added last.
   */
  static float q4K(QuantRow x, SuperBlockLanes lanes, float[] dy, int[] bsums, int n) {
    float[] acc = new float[8];
    float[] accm = new float[4];
    for (int i = 0; i < n / 256; i++) {
      float dmin = -dy[i] * x.m[i];
      for (int k = 0; k < 4; k++) {
        accm[k] = Math.fma(dmin, (float) minPair(x, bsums, i, k), accm[k]);
      }
      lanes.addTo(acc, i, dy[i] * x.d[i]);
    }
    return LaneSums.hsum8(acc) + ((accm[0] + accm[2]) + (accm[1] + accm[3]));
  }

  /**
   * {@code ggml_vec_dot_q5_K_q8_K}: the mins summed in int32 per super-block, then {@code summs =
   * fma(dmin, (float) sum, summs)} (GCC's {@code vfmadd231ss} for {@code summs += dmin * sum}),
   * added after {@code hsum_float_8}.
   */
  static float q5K(QuantRow x, SuperBlockLanes lanes, float[] dy, int[] bsums, int n) {
    float[] acc = new float[8];
    float summs = 0f;
    for (int i = 0; i < n / 256; i++) {
      float dmin = -dy[i] * x.m[i];
      int sum = 0;
      for (int k = 0; k < 4; k++) {
        sum += minPair(x, bsums, i, k);
      }
      summs = Math.fma(dmin, (float) sum, summs);
      lanes.addTo(acc, i, dy[i] * x.d[i]);
    }
    return LaneSums.hsum8(acc) + summs;
  }

  /** {@code ggml_vec_dot_q6_K_q8_K}: signed codes {@code q6 - 32}, int8 scales per 16, no mins. */
  static float q6K(QuantRow x, SuperBlockLanes lanes, float[] dy, int n) {
    float[] acc = new float[8];
    for (int i = 0; i < n / 256; i++) {
      lanes.addTo(acc, i, dy[i] * x.d[i]);
    }
    return LaneSums.hsum8(acc);
  }

  /** One super-block's scaled integer lanes, fused into {@code acc} with {@code d = y.d * x.d}. */
  private static void scaled(QuantRow x, byte[] qy, int i, float d, float[] acc) {
    int[] lanes = new int[8];
    int base = i * 256;
    for (int c = 0; c < 8; c++) { // 32-element chunks
      for (int lane = 0; lane < 8; lane++) {
        int e = base + 32 * c + 4 * lane;
        lanes[lane] += x.scale[e / 16] * LegacyDots.quad(x.q, qy, e);
      }
    }
    for (int lane = 0; lane < 8; lane++) {
      acc[lane] = Math.fma(d, (float) lanes[lane], acc[lane]);
    }
  }

  /** {@code _mm_madd_epi16(mins, hadd(bsums))} lane {@code k} of super-block {@code i}. */
  private static int minPair(QuantRow x, int[] bsums, int i, int k) {
    int bs = i * 16 + 4 * k;
    return x.min[i * 8 + 2 * k] * (bsums[bs] + bsums[bs + 1])
        + x.min[i * 8 + 2 * k + 1] * (bsums[bs + 2] + bsums[bs + 3]);
  }
}
