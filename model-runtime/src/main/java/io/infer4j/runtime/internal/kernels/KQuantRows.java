package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.KQuantScales;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of GGML Q4_K and Q6_K rows read in place (the two types of a {@code Q4_K_M} file)
 * with float32 activations. Each vector of quants is loaded as bytes, its 4- or 6-bit codes are
 * unpacked with lane-wise masks and shifts, widened to floats, turned into the element values
 * exactly as the reference view computes them ({@code d * scale * q - dmin * min}, {@code d *
 * scale * (q - 32)}) and multiply-added with the activations, so results differ from the reference
 * only in the order of the sums; {@link #widenQ4K} and {@link #widenQ6K} dequantize a whole row
 * (for batches that reuse it), bit for bit the views' values. The layouts are those of {@code
 * Q4_KTensor} and {@code Q6_KTensor}. Works when the float species has 8 or 16 lanes ({@link RowSpecies#SUPPORTED}).
 * Stateless.
 */
final class KQuantRows {
  static final int SUPER_BLOCK = 256;
  static final int Q4_K_BYTES = 144;
  static final int Q6_K_BYTES = 210;

  private static final VectorSpecies<Float> F = RowSpecies.F;
  private static final int L = RowSpecies.L;

  private KQuantRows() {}

  private static float half(MemorySegment w, long offset) {
    return Float.float16ToFloat(w.get(RowSpecies.HALF, offset));
  }

  private static ByteVector bytes(MemorySegment w, long offset) {
    return ByteVector.fromMemorySegment(RowSpecies.BYTES, w, offset, ByteOrder.LITTLE_ENDIAN);
  }

  private static FloatVector floats(ByteVector codes) {
    return (FloatVector) codes.castShape(F, 0);
  }

  /**
   * Q6_K's six-bit codes (unsigned, 0..63): four bits of {@code low} from bit {@code lowShift},
   * two of {@code high} from bit {@code highShift}.
   */
  private static ByteVector q6(ByteVector low, int lowShift, ByteVector high, int highShift) {
    return low.lanewise(VectorOperators.LSHR, lowShift).and((byte) 0x0F)
        .or(high.lanewise(VectorOperators.LSHR, highShift).and((byte) 3)
            .lanewise(VectorOperators.LSHL, 4));
  }

  /**
   * Sums of {@code x} over each 32-element sub-block of a K-quant row of {@code n} elements: the
   * part of {@code sum((d * scale * q - dmin * min) * x)} that the mins multiply, the same for
   * every row, so {@link #dotQ4K} takes it once per vector instead of once per weight.
   */
  static float[] subBlockSums(float[] x, int n) {
    float[] sums = new float[n / 32];
    for (int b = 0; b < sums.length; b++) {
      float s = 0;
      for (int i = 32 * b; i < 32 * b + 32; i++) {
        s += x[i];
      }
      sums[b] = s;
    }
    return sums;
  }

  /**
   * {@code row . x} for the Q4_K row of {@code n} elements starting at byte {@code offset}, with
   * {@code xSums} from {@link #subBlockSums}. Per 32-element sub-block the codes' products with
   * {@code x} are summed in lanes and scaled once ({@code d * scale * sum(q x) - dmin * min *
   * sum(x)}), as llama.cpp's kernels split the scales from the codes; the sum differs from the
   * reference's element-by-element values only by float rounding.
   */
  static float dotQ4K(MemorySegment w, long offset, float[] x, float[] xSums, int n) {
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    float mins = 0;
    for (int sb = 0; sb < n / SUPER_BLOCK; sb++) {
      long base = offset + (long) sb * Q4_K_BYTES;
      float d = half(w, base);
      float dmin = half(w, base + 2);
      long s = base + 4;
      for (int g = 0; g < 4; g++) {
        long qs = base + 16 + 32L * g;
        int xi = sb * SUPER_BLOCK + 64 * g;
        FloatVector lo = FloatVector.zero(F);
        FloatVector hi = FloatVector.zero(F);
        for (int l = 0; l < 32; l += L) {
          ByteVector packed = bytes(w, qs + l);
          lo = floats(packed.and((byte) 0x0F)).fma(FloatVector.fromArray(F, x, xi + l), lo);
          hi = floats(packed.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F))
              .fma(FloatVector.fromArray(F, x, xi + 32 + l), hi);
        }
        int sub = sb * 8 + 2 * g;
        acc0 = lo.fma(FloatVector.broadcast(F, d * KQuantScales.scale(w, s, 2 * g)), acc0);
        acc1 = hi.fma(FloatVector.broadcast(F, d * KQuantScales.scale(w, s, 2 * g + 1)), acc1);
        mins += dmin * (KQuantScales.min(w, s, 2 * g) * xSums[sub]
            + KQuantScales.min(w, s, 2 * g + 1) * xSums[sub + 1]);
      }
    }
    return LaneSums.sum(acc0.add(acc1)) - mins;
  }

  /**
   * Dequantizes the Q4_K row of {@code n} elements at byte {@code offset} into {@code dst[0, n)}:
   * each element {@code (d * scale) * q - dmin * min}, rounded as {@code Q4_KTensor} rounds it
   * (a product, then a difference: bit for bit its values).
   */
  static void widenQ4K(MemorySegment w, long offset, float[] dst, int n) {
    for (int sb = 0; sb < n / SUPER_BLOCK; sb++) {
      long base = offset + (long) sb * Q4_K_BYTES;
      float d = half(w, base);
      float dmin = half(w, base + 2);
      long s = base + 4;
      for (int g = 0; g < 4; g++) {
        long qs = base + 16 + 32L * g;
        int out = sb * SUPER_BLOCK + 64 * g;
        float d1 = d * KQuantScales.scale(w, s, 2 * g);
        float m1 = dmin * KQuantScales.min(w, s, 2 * g);
        float d2 = d * KQuantScales.scale(w, s, 2 * g + 1);
        float m2 = dmin * KQuantScales.min(w, s, 2 * g + 1);
        for (int l = 0; l < 32; l += L) {
          ByteVector packed = bytes(w, qs + l);
          floats(packed.and((byte) 0x0F)).mul(d1).sub(m1).intoArray(dst, out + l);
          floats(packed.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F)).mul(d2).sub(m2)
              .intoArray(dst, out + 32 + l);
        }
      }
    }
  }

  /**
   * Dequantizes the Q6_K row of {@code n} elements at byte {@code offset} into {@code dst[0, n)}:
   * each element {@code (d * scale) * (q - 32)}, bit for bit {@code Q6_KTensor}'s values.
   */
  static void widenQ6K(MemorySegment w, long offset, float[] dst, int n) {
    for (int sb = 0; sb < n / SUPER_BLOCK; sb++) {
      long base = offset + (long) sb * Q6_K_BYTES;
      float d = half(w, base + 208);
      for (int h = 0; h < 2; h++) {
        long ql = base + 64L * h;
        long qh = base + 128 + 32L * h;
        long sc = base + 192 + 8L * h;
        int out = sb * SUPER_BLOCK + 128 * h;
        for (int l = 0; l < 32; l += L) {
          for (int k = 0; k < 4; k++) { // quarter k: 32 elements, scale sc[l / 16 + 2k]
            float factor = d * w.get(ValueLayout.JAVA_BYTE, sc + l / 16 + 2 * k);
            widenQ6K(w, ql + 32 * (k & 1) + l, 4 * (k >> 1), qh + l, 2 * k, factor, dst,
                out + 32 * k + l);
          }
        }
      }
    }
  }

  /**
   * One vector of Q6_K elements, {@code (q - 32) * factor}, into {@code dst[out ..]}: the codes'
   * low four bits from the bytes at {@code ql} (from bit {@code lowShift}), the top two from those
   * at {@code qh} (from bit {@code highShift}). A method of its own, called from one site, that
   * takes and returns no vector: with a quarter-block or more written out in one method C2 ran out
   * of its inlining budget, left Vector API calls out of line and boxed the vectors live across
   * them (half the speed, or less).
   */
  private static void widenQ6K(MemorySegment w, long ql, int lowShift, long qh, int highShift,
      float factor, float[] dst, int out) {
    q6Floats(w, ql, lowShift, qh, highShift).sub(FloatVector.broadcast(F, 32f)).mul(factor)
        .intoArray(dst, out);
  }

  /**
   * {@code row . x} for the Q6_K row of {@code n} elements starting at byte {@code offset}: each
   * vector of elements {@code (q - 32) * (d * scale)} multiply-added with {@code x}, quarters 1 and
   * 3 of each half-block into one accumulator, 2 and 4 into another. The loop holds one vector of
   * codes per step ({@link #q6Floats}, inlined): with a whole half-block written out, C2 ran out of
   * its inlining budget, left Vector API calls out of line and boxed the vectors live across them:
   * decode on the TinyLlama-shaped Q6_K file ran at 0.56 tokens/s, 1.4-1.6 this way (2026-12-05);
   * the four quarters written out with constant shifts passed the budget again (0.8-0.9).
   */
  static float dotQ6K(MemorySegment w, long offset, float[] x, int n) {
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    FloatVector thirtyTwo = FloatVector.broadcast(F, 32f);
    for (int sb = 0; sb < n / SUPER_BLOCK; sb++) {
      long base = offset + (long) sb * Q6_K_BYTES;
      float d = half(w, base + 208);
      for (int h = 0; h < 2; h++) {
        long ql = base + 64L * h;
        long qh = base + 128 + 32L * h;
        long sc = base + 192 + 8L * h;
        int xi = sb * SUPER_BLOCK + 128 * h;
        for (int l = 0; l < 32; l += L) {
          for (int k = 0; k < 4; k += 2) { // quarters k and k + 1
            float s0 = d * w.get(ValueLayout.JAVA_BYTE, sc + l / 16 + 2 * k);
            float s1 = d * w.get(ValueLayout.JAVA_BYTE, sc + l / 16 + 2 * k + 2);
            acc0 = q6Floats(w, ql + l, 2 * k, qh + l, 2 * k).sub(thirtyTwo).mul(s0)
                .fma(FloatVector.fromArray(F, x, xi + 32 * k + l), acc0);
            acc1 = q6Floats(w, ql + 32 + l, 2 * k, qh + l, 2 * k + 2).sub(thirtyTwo).mul(s1)
                .fma(FloatVector.fromArray(F, x, xi + 32 * k + 32 + l), acc1);
          }
        }
      }
    }
    return LaneSums.sum(acc0.add(acc1));
  }

  /**
   * One vector of Q6_K codes (0..63) as floats: the low four bits from the bytes at {@code ql}
   * (from bit {@code lowShift}), the top two from those at {@code qh} (from bit {@code
   * highShift}).
   */
  private static FloatVector q6Floats(MemorySegment w, long ql, int lowShift, long qh,
      int highShift) {
    return floats(q6(bytes(w, ql), lowShift, bytes(w, qh), highShift));
  }
}
