package io.infer4j.runtime.internal.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of GGML Q8_0 rows read in place (34-byte blocks: fp16 scale, 32 int8 quants) with
 * float32 activations: each block's quants are widened to float lanes and multiply-added with the
 * activations, then the block's lane sums are scaled into two alternating accumulators; {@link
 * #dot} dequantizes no row to an array. Works when the float species has 8 or 16 lanes (AVX2,
 * AVX-512); {@link RowSpecies#SUPPORTED} says whether it does here. Results differ from the
 * reference (dequantize, then sum left to right) by float rounding only. {@link #widen}
 * dequantizes a row (for batches, where it is reused). Stateless.
 */
final class Q8Rows {
  static final int BLOCK = 32;
  static final int BLOCK_BYTES = 34;
  private static final VectorSpecies<Float> F = RowSpecies.F;
  private static final int L = RowSpecies.L;

  private Q8Rows() {}

  private static FloatVector quants(MemorySegment w, long offset) {
    ByteVector q =
        ByteVector.fromMemorySegment(RowSpecies.BYTES, w, offset, ByteOrder.LITTLE_ENDIAN);
    return (FloatVector) q.castShape(F, 0);
  }

  /** {@code row . x} for the row of {@code n} elements starting at byte {@code offset}. */
  static float dot(MemorySegment w, long offset, float[] x, int n) {
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int blocks = n / BLOCK;
    int b = 0;
    for (; b + 2 <= blocks; b += 2) { // two blocks per pass: independent FMA chains
      long off = offset + (long) b * BLOCK_BYTES;
      acc0 = block(w, off, x, b * BLOCK).fma(scale(w, off), acc0);
      acc1 = block(w, off + BLOCK_BYTES, x, (b + 1) * BLOCK).fma(scale(w, off + BLOCK_BYTES), acc1);
    }
    if (b < blocks) {
      long off = offset + (long) b * BLOCK_BYTES;
      acc0 = block(w, off, x, b * BLOCK).fma(scale(w, off), acc0);
    }
    return LaneSums.sum(acc0.add(acc1));
  }

  /** The block's scale in every lane. */
  private static FloatVector scale(MemorySegment w, long blockOffset) {
    return FloatVector.broadcast(F, Float.float16ToFloat(w.get(RowSpecies.HALF, blockOffset)));
  }

  /** Lane sums of {@code quants * x} over one block (unscaled). */
  private static FloatVector block(MemorySegment w, long blockOffset, float[] x, int xi) {
    FloatVector s = quants(w, blockOffset + 2).mul(FloatVector.fromArray(F, x, xi));
    for (int c = L; c < BLOCK; c += L) {
      s = quants(w, blockOffset + 2 + c).fma(FloatVector.fromArray(F, x, xi + c), s);
    }
    return s;
  }

  /** Dequantizes the row of {@code n} elements at byte {@code offset} into {@code dst[0, n)}. */
  static void widen(MemorySegment w, long offset, float[] dst, int n) {
    int blocks = n / BLOCK;
    for (int b = 0; b < blocks; b++) {
      long off = offset + (long) b * BLOCK_BYTES;
      FloatVector d = scale(w, off);
      for (int c = 0; c < BLOCK; c += L) {
        quants(w, off + 2 + c).mul(d).intoArray(dst, b * BLOCK + c);
      }
    }
  }
}
