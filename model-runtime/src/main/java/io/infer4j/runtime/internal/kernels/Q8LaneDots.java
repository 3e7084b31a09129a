package io.infer4j.runtime.internal.kernels;

import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.BLOCK;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.CHUNK_BYTES;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.D;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.D_ODD;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.ROWS;

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
 * most {@code 128 * 127} in magnitude, are added in 16-bit lanes ({@code 2 * 16256 < 2^15}); the
 * 32-bit lane holding rows {@code 2i} (low half) and {@code 2i + 1} (high half) is then summed
 * over the block as it is, after its bit 15 is flipped, which turns the low half into {@code
 * low + 2^15}, never negative, so that the low halves never borrow from the high ones: the odd
 * row's sum is the sum of the lanes shifted right by 16, the even row's what is left less the
 * flips' {@code 16 * 2^15} (exact in wrapping 32-bit arithmetic, as every true sum fits 21 bits).
 * Two operations a pair of columns fewer than widening the halves to ints. The block sums are
 * exact, as {@code vec_dot_q8_0_q8_0}'s are. Row {@code r}'s float result is {@code acc = isum *
 * (dw dx) + acc} (fused), block after block, as {@link Q8Activations#dot} (the plain reference)
 * adds {@code isum * (dw dx)} but without its intermediate rounding of the product, so they agree
 * to float rounding. The fp16 scales {@code dw} are widened in lanes by the bit arithmetic of
 * {@link F16Rows#dotInLanes} with its factor {@code 2^112} moved into {@code dx} (exact: {@code |dx|
 * < 2^16}), so {@code dw dx} is the one rounding of the exact product, as a float {@code dw} gives.
 * A batch gives each token the floats its single call gives. Needs 512-bit vectors. Stateless.
 */
public final class Q8LaneDots {
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
  /** 16 fp16 scales. */
  private static final VectorSpecies<Short> H = ShortVector.SPECIES_256;
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final int HALF_ROWS = ROWS / 2;
  /** Bit 15 of a 32-bit lane: the sign of its low half. */
  private static final int LOW_SIGN = 0x8000;
  /** What flipping {@link #LOW_SIGN} adds to a block's low-half sums: 2^15 for each pair. */
  private static final int FLIPS = BLOCK / 2 * LOW_SIGN;

  private Q8LaneDots() {}

  /**
   * {@code out[t] = w @ x[t]} for {@code t < count} by row ranges of {@link RowPool} (from
   * multiples of 32): the activations are quantized here, once, before any range runs.
   *
   * @throws IllegalArgumentException if {@code w}'s groups are not in {@link Q8LaneLayout}
   */
  public static RowPool.RowTask task(LaneGroupedTensor w, float[][] out, float[][] x,
      int count) {
    if (!w.q8Layout()) {
      throw new IllegalArgumentException(w.name() + " is " + w.type() + ", not in Q8_0 lanes");
    }
    Q8Activations[] q = new Q8Activations[count];
    for (int t = 0; t < count; t++) {
      q[t] = Q8ActivationsInLanes.quantize(x[t], w.cols());
    }
    return task(w, out, q);
  }

  /**
   * One {@link #task} for each matrix of {@code w}, {@code out[j] = w[j] @ x}, for one {@link
   * RowPool#forRowsOf}: {@code x} quantized once for every width among them.
   *
   * @throws IllegalArgumentException if a matrix's groups are not in {@link Q8LaneLayout}
   */
  public static RowPool.RowTask[] tasks(LaneGroupedTensor[] w, float[][] out, float[] x) {
    RowPool.RowTask[] tasks = new RowPool.RowTask[w.length];
    Q8Activations[] q = null;
    for (int j = 0; j < w.length; j++) {
      if (!w[j].q8Layout()) {
        throw new IllegalArgumentException(w[j].name() + " is " + w[j].type()
            + ", not in Q8_0 lanes");
      }
      if (q == null || q[0].wide().length != w[j].cols()) {
        q = new Q8Activations[] {Q8ActivationsInLanes.quantize(x, w[j].cols())};
      }
      tasks[j] = task(w[j], new float[][] {out[j]}, q);
    }
    return tasks;
  }

  private static RowPool.RowTask task(LaneGroupedTensor w, float[][] out, Q8Activations[] q) {
    return (from, to) -> groups(w.groups(), w.rows(), w.cols(), q, q.length, from / ROWS,
        LaneGroupedTensor.groups(to), out);
  }

  /**
   * {@code out[t][row] = row . x[t]} for the rows of groups {@code [from, to)}, rows past {@code
   * rows} (the last group's padding) left out.
   */
  static void groups(MemorySegment[] groups, int rows, int cols, Q8Activations[] x, int count,
      int from, int to, float[][] out) {
    float[] acc = new float[2 * ROWS];
    for (int g = from; g < to; g++) {
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        group(groups[g], cols / BLOCK, x[t], acc);
        System.arraycopy(acc, 0, out[t], row0, n);
      }
    }
  }

  /**
   * The 32 rows of one group times {@code x}, into {@code acc[0, 32)}; {@code acc[32, 64)} is
   * scratch (the even rows' and the odd rows' results, in that order).
   */
  private static void group(MemorySegment w, int blocks, Q8Activations x, float[] acc) {
    short[] y = x.wide();
    float[] dx = x.scales();
    FloatVector even = FloatVector.zero(F);
    FloatVector odd = FloatVector.zero(F);
    for (int b = 0; b < blocks; b++) {
      long chunk = b * CHUNK_BYTES;
      IntVector lanes = IntVector.zero(I);
      IntVector high = IntVector.zero(I);
      for (int j = 0; j < BLOCK; j += 2) {
        int e = b * BLOCK + j;
        IntVector p = codes(w, chunk + (long) j * ROWS).mul(y[e])
            .add(codes(w, chunk + (long) (j + 1) * ROWS).mul(y[e + 1]))
            .reinterpretAsInts().lanewise(VectorOperators.XOR, LOW_SIGN);
        lanes = lanes.add(p);
        high = high.add(p.lanewise(VectorOperators.ASHR, 16));
      }
      IntVector low = lanes.sub(high.lanewise(VectorOperators.LSHL, 16)).sub(FLIPS);
      float d = dx[b] * F16Rows.HALF_SCALE; // the widened scales are dw * 2^-112
      even = ((FloatVector) low.convert(VectorOperators.I2F, 0))
          .fma(halfRowScales(w, chunk + D).mul(d), even);
      odd = ((FloatVector) high.convert(VectorOperators.I2F, 0))
          .fma(halfRowScales(w, chunk + D_ODD).mul(d), odd);
    }
    even.intoArray(acc, ROWS);
    odd.intoArray(acc, ROWS + HALF_ROWS);
    for (int i = 0; i < HALF_ROWS; i++) {
      acc[2 * i] = acc[ROWS + i];
      acc[2 * i + 1] = acc[ROWS + HALF_ROWS + i];
    }
  }

  /**
   * The 16 fp16 scales at {@code at} widened to floats times {@code 2^-112}, exactly, as {@link
   * F16Rows#dotInLanes} widens halves (written out, see there): the caller folds {@code 2^112}
   * ({@link F16Rows#HALF_SCALE}) into its other factor.
   */
  static FloatVector halfRowScales(MemorySegment w, long at) {
    IntVector s = ((IntVector) ShortVector.fromMemorySegment(H, w, at, LE)
        .convertShape(VectorOperators.S2I, I, 0))
        .lanewise(VectorOperators.LSHL, 13).and(F16Rows.SIGN_AND_MAGNITUDE);
    return s.lanewise(VectorOperators.OR, F16Rows.FLOAT_EXPONENT,
        s.and(F16Rows.HALF_EXPONENT).compare(VectorOperators.EQ, F16Rows.HALF_EXPONENT))
        .reinterpretAsFloats();
  }

  /** The 32 signed bytes at {@code at}, as shorts. */
  static ShortVector codes(MemorySegment w, long at) {
    return (ShortVector) ByteVector.fromMemorySegment(B32, w, at, LE)
        .convertShape(VectorOperators.B2S, S, 0);
  }
}
