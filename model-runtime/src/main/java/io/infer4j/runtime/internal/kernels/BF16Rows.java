package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.BF16Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * bfloat16 rows read in place: a bfloat16 is the high half of a float32, so each group of {@code
 * L} values widens exactly in lanes by a widening to ints and a shift left by 16 (infinities,
 * NaNs and subnormals included), then multiplies at once ({@link #dot}), or is stored ({@link
 * #widen}, for batches that reuse a row). Before this, bfloat16 rows went through the view's
 * scalar {@code readRow} into an array and then a vector dot: a 1.1B-parameter BF16 file decoded
 * at 1.40 tokens/s on 2 threads where llama.cpp b4916 made 4.79 (2026-12-06, AVX-512 host;
 * benchmarks/README.md). Needs a float species of 8 or 16 lanes ({@link RowSpecies#SUPPORTED}).
 * Differs from the reference by float rounding of the sum only. Stateless.
 */
final class BF16Rows {
  private static final VectorSpecies<Float> F = RowSpecies.F;
  private static final int L = RowSpecies.L;

  private static final VectorSpecies<Short> S = RowSpecies.SHORTS;
  private static final VectorSpecies<Integer> I = RowSpecies.INTS;

  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  private BF16Rows() {}

  /** The bfloat16 at byte {@code at} of {@code w}, as a float (exact). */
  static float toFloat(MemorySegment w, long at) {
    return BF16Tensor.toFloat(w.get(RowSpecies.HALF, at));
  }

  /**
   * {@code row . x} for the row of {@code n} bfloat16 values at byte {@code offset}: even groups of
   * {@code L} summed in one chain, odd groups in another (as {@link F16Rows#dotInLanes}), their
   * lanes summed by {@link LaneSums}' tree written out (a call here, once a row, costs more than
   * its instructions: model-runtime/README.md, the rules for kernel code), then the last {@code n
   * % L} elements.
   */
  static float dot(MemorySegment w, long offset, float[] x, int n) {
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int i = 0;
    for (int bound = n - L; i <= bound; i += L) {
      FloatVector v = ((IntVector) ShortVector.fromMemorySegment(S, w, offset + 2L * i, LE)
          .convertShape(VectorOperators.S2I, I, 0))
          .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector next = v.fma(FloatVector.fromArray(F, x, i), acc1);
      acc1 = acc0;
      acc0 = next;
    }
    // LaneSums.sum's tree, written out (see LaneSums.ROTATE_BY_8)
    FloatVector lanes = acc0.add(acc1);
    if (RowSpecies.WIDE) {
      lanes = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_8));
    }
    lanes = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_4));
    lanes = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_2));
    float sum = lanes.add(lanes.rearrange(LaneSums.ROTATE_BY_1)).lane(0);
    for (; i < n; i++) {
      sum += toFloat(w, offset + 2L * i) * x[i];
    }
    return sum;
  }

  /** Widens the row of {@code n} bfloat16 values at byte {@code offset} into {@code dst[0, n)}. */
  static void widen(MemorySegment w, long offset, float[] dst, int n) {
    int i = 0;
    for (int bound = n - L; i <= bound; i += L) {
      ((IntVector) ShortVector.fromMemorySegment(S, w, offset + 2L * i, LE)
          .convertShape(VectorOperators.S2I, I, 0))
          .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, i);
    }
    for (; i < n; i++) {
      dst[i] = toFloat(w, offset + 2L * i);
    }
  }
}
