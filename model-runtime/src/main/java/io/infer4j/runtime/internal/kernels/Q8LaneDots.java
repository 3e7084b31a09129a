package io.infer4j.runtime.internal.kernels;

import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.BLOCK;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.CHUNK_BYTES;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.D;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.ROWS;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q8_0 rows in {@link Q8LaneLayout} with activations quantized to Q8_0 ({@link
 * Q8ActivationsInLanes}), one row per 16-bit lane: for each column the 32 rows' codes are one
 * vector, multiplied by that column's activation code, broadcast. Two columns' products, each at
 * most {@code 128 * 127} in magnitude, are added in 16-bit lanes ({@code 2 * 16256 < 2^15}), then
 * widened to int and summed over the block: exact, as {@code vec_dot_q8_0_q8_0}'s block sums are.
 * Row {@code r}'s float result is {@code acc = isum * (dw dx) + acc} (fused), block after block,
 * as {@link Q8Activations#dot} (the plain reference) adds {@code isum * (dw dx)} but without its
 * intermediate rounding of the product, so they agree to float rounding. A batch gives each token
 * the floats its single call gives. Needs 512-bit vectors. Stateless.
 */
public final class Q8LaneDots {
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
  private static final int HALF_ROWS = ROWS / 2;

  private Q8LaneDots() {}

  /**
   * {@code out[t] = w @ x[t]} for {@code t < count} by row ranges of {@link RowPool} (from
   * multiples of 32): the activations are quantized here, once, before any range runs.
   *
   * @throws IllegalArgumentException if {@code w} is not Q8_0
   */
  public static RowPool.RowTask task(LaneGroupedTensor w, float[][] out, float[][] x,
      int count) {
    if (w.type() != GgmlType.Q8_0) {
      throw new IllegalArgumentException(w.name() + " is " + w.type() + ", not Q8_0");
    }
    Q8Activations[] q = new Q8Activations[count];
    for (int t = 0; t < count; t++) {
      q[t] = Q8ActivationsInLanes.quantize(x[t], w.cols());
    }
    return (from, to) -> groups(w.groups(), w.rows(), w.cols(), q, count, from / ROWS,
        LaneGroupedTensor.groups(to), out);
  }

  /**
   * {@code out[t][row] = row . x[t]} for the rows of groups {@code [from, to)}, rows past {@code
   * rows} (the last group's padding) left out.
   */
  static void groups(MemorySegment[] groups, int rows, int cols, Q8Activations[] x, int count,
      int from, int to, float[][] out) {
    float[] acc = new float[ROWS];
    for (int g = from; g < to; g++) {
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        group(groups[g], cols / BLOCK, x[t], acc);
        System.arraycopy(acc, 0, out[t], row0, n);
      }
    }
  }

  /** The 32 rows of one group times {@code x}, into {@code acc}. */
  private static void group(MemorySegment w, int blocks, Q8Activations x, float[] acc) {
    short[] y = x.wide();
    float[] dx = x.scales();
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    for (int b = 0; b < blocks; b++) {
      long chunk = b * CHUNK_BYTES;
      IntVector s0 = IntVector.zero(I);
      IntVector s1 = IntVector.zero(I);
      for (int j = 0; j < BLOCK; j += 2) {
        int e = b * BLOCK + j;
        ShortVector p = codes(w, chunk + (long) j * ROWS).mul(y[e])
            .add(codes(w, chunk + (long) (j + 1) * ROWS).mul(y[e + 1]));
        s0 = s0.add((IntVector) p.convertShape(VectorOperators.S2I, I, 0));
        s1 = s1.add((IntVector) p.convertShape(VectorOperators.S2I, I, 1));
      }
      float d = dx[b];
      a0 = ((FloatVector) s0.convert(VectorOperators.I2F, 0))
          .fma(floats(w, chunk + D).mul(d), a0);
      a1 = ((FloatVector) s1.convert(VectorOperators.I2F, 0))
          .fma(floats(w, chunk + D + 4 * HALF_ROWS).mul(d), a1);
    }
    a0.intoArray(acc, 0);
    a1.intoArray(acc, HALF_ROWS);
  }

  /** The 32 signed bytes at {@code at}, as shorts. */
  private static ShortVector codes(MemorySegment w, long at) {
    return (ShortVector) ByteVector.fromMemorySegment(B32, w, at, ByteOrder.LITTLE_ENDIAN)
        .convertShape(VectorOperators.B2S, S, 0);
  }

  private static FloatVector floats(MemorySegment w, long at) {
    return FloatVector.fromMemorySegment(F, w, at, ByteOrder.LITTLE_ENDIAN);
  }
}
