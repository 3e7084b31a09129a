package io.infer4j.runtime.internal.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of IEEE half-precision rows read in place with float32 activations. Halves are
 * widened to floats lane-parallel by bit arithmetic (exact for zeros, subnormals, normals,
 * infinities and NaNs, as {@link Float#float16ToFloat}); {@link #dot} dequantizes no row to an
 * array ({@link #widen} does, for batches that reuse it). Needs a float species of 8 or 16 lanes
 * ({@link RowSpecies#SUPPORTED}). Differs from the reference by float rounding of the sum only.
 * Stateless.
 */
final class F16Rows {
  private static final VectorSpecies<Float> F = RowSpecies.F;
  private static final int L = RowSpecies.L;

  private static final VectorSpecies<Integer> I =
      RowSpecies.SUPPORTED ? IntVector.SPECIES_PREFERRED.withShape(F.vectorShape()) : null;
  private static final VectorSpecies<Short> S =
      RowSpecies.SUPPORTED
          ? ShortVector.SPECIES_64.withShape(VectorShape.forBitSize(L * 16))
          : null;

  private F16Rows() {}

  /** {@code L} halves at byte {@code offset}, as floats. */
  static FloatVector halves(MemorySegment w, long offset) {
    IntVector h =
        (IntVector)
            ShortVector.fromMemorySegment(S, w, offset, ByteOrder.LITTLE_ENDIAN).castShape(I, 0);
    IntVector em = h.and(0x7FFF);
    IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
    // normal: rebias the exponent from 15 to 127 (add 112), mantissa shifted into place
    IntVector bits = em.lanewise(VectorOperators.LSHL, 13).add(112 << 23);
    // infinity and NaN: exponent 31 becomes 255
    bits = bits.add(IntVector.broadcast(I, 112 << 23), em.compare(VectorOperators.GE, 0x7C00));
    // zero and subnormal: mantissa * 2^-24, exactly
    VectorMask<Integer> small = em.compare(VectorOperators.LT, 0x400);
    IntVector tiny =
        em.convert(VectorOperators.I2F, 0)
            .reinterpretAsFloats()
            .mul(0x1p-24f)
            .reinterpretAsInts();
    return bits.blend(tiny, small).or(sign).reinterpretAsFloats();
  }

  /** {@code row . x} for the row of {@code n} halves starting at byte {@code offset}. */
  static float dot(MemorySegment w, long offset, float[] x, int n) {
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int i = 0;
    for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
      acc0 = halves(w, offset + 2L * i).fma(FloatVector.fromArray(F, x, i), acc0);
      acc1 = halves(w, offset + 2L * (i + L)).fma(FloatVector.fromArray(F, x, i + L), acc1);
    }
    for (int bound = n - L; i <= bound; i += L) {
      acc0 = halves(w, offset + 2L * i).fma(FloatVector.fromArray(F, x, i), acc0);
    }
    float sum = LaneSums.sum(acc0.add(acc1));
    for (; i < n; i++) {
      sum += Float.float16ToFloat(w.get(RowSpecies.HALF, offset + 2L * i)) * x[i];
    }
    return sum;
  }

  /** Widens the row of {@code n} halves at byte {@code offset} into {@code dst[0, n)}. */
  static void widen(MemorySegment w, long offset, float[] dst, int n) {
    int i = 0;
    for (int bound = n - L; i <= bound; i += L) {
      halves(w, offset + 2L * i).intoArray(dst, i);
    }
    for (; i < n; i++) {
      dst[i] = Float.float16ToFloat(w.get(RowSpecies.HALF, offset + 2L * i));
    }
  }
}
