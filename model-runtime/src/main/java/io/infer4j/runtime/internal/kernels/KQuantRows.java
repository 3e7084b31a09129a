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
 * only in the order of the sums. The layouts are those of {@code Q4_KTensor} and {@code
 * Q6_KTensor}. Works when the float species has 8 or 16 lanes ({@link RowSpecies#SUPPORTED}).
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

  /** {@code row . x} for the Q6_K row of {@code n} elements starting at byte {@code offset}. */
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
          int is = l / 16; // a vector never straddles two 16-element scales
          ByteVector low0 = bytes(w, ql + l);
          ByteVector low1 = bytes(w, ql + 32 + l);
          ByteVector high = bytes(w, qh + l);
          ByteVector q1 = low0.and((byte) 0x0F)
              .or(high.and((byte) 3).lanewise(VectorOperators.LSHL, 4));
          ByteVector q2 = low1.and((byte) 0x0F)
              .or(high.lanewise(VectorOperators.LSHR, 2).and((byte) 3)
                  .lanewise(VectorOperators.LSHL, 4));
          ByteVector q3 = low0.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F)
              .or(high.lanewise(VectorOperators.LSHR, 4).and((byte) 3)
                  .lanewise(VectorOperators.LSHL, 4));
          ByteVector q4 = low1.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F)
              .or(high.lanewise(VectorOperators.LSHR, 6).and((byte) 3)
                  .lanewise(VectorOperators.LSHL, 4));
          float s1 = d * w.get(ValueLayout.JAVA_BYTE, sc + is);
          float s2 = d * w.get(ValueLayout.JAVA_BYTE, sc + is + 2);
          float s3 = d * w.get(ValueLayout.JAVA_BYTE, sc + is + 4);
          float s4 = d * w.get(ValueLayout.JAVA_BYTE, sc + is + 6);
          acc0 = floats(q1).sub(thirtyTwo).mul(s1).fma(FloatVector.fromArray(F, x, xi + l), acc0);
          acc1 = floats(q2).sub(thirtyTwo).mul(s2)
              .fma(FloatVector.fromArray(F, x, xi + 32 + l), acc1);
          acc0 = floats(q3).sub(thirtyTwo).mul(s3)
              .fma(FloatVector.fromArray(F, x, xi + 64 + l), acc0);
          acc1 = floats(q4).sub(thirtyTwo).mul(s4)
              .fma(FloatVector.fromArray(F, x, xi + 96 + l), acc1);
        }
      }
    }
    return LaneSums.sum(acc0.add(acc1));
  }
}
