package io.infer4j.runtime.internal.kernels;

import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.BLOCK;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.D;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.D_ODD;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.M;
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
 * Rows with offsets (Q5_1 here: {@link Q8LaneLayout#withMins}) then add, in a pass of their own
 * over the group's offsets, {@code m * s} a block ({@code s} the activations' {@link
 * Q8Activations#blockSums}, as llama.cpp's {@code vec_dot_q5_1_q8_1} adds its {@code summs} to
 * the scaled block sums), fused the same way. Q4_0 and Q4_1 rows, in {@link Q4LaneLayout}, go to
 * {@link Q4LaneDots} (the same floats as these lanes give for their codes as Q8_0), Q4_0 batches of
 * {@link Q4LaneTiles#MIN_TOKENS} or more to {@link Q4LaneTiles} (the same floats again). A batch
 * gives each token the floats its single call gives. Needs 512-bit vectors. Stateless.
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
   * @throws IllegalArgumentException if {@code w}'s rows are not {@link
   *     LaneGroupedTensor#q8Blocks}
   */
  public static RowPool.RowTask task(LaneGroupedTensor w, float[][] out, float[][] x,
      int count) {
    if (!w.q8Blocks()) {
      throw new IllegalArgumentException(w.name() + " is " + w.type() + ", not in Q8_0 lanes");
    }
    Q8Activations[] q = new Q8Activations[count];
    for (int t = 0; t < count; t++) {
      q[t] = Q8ActivationsInLanes.quantize(x[t], w.cols());
    }
    return task(w, out, q, sums(w, x, q));
  }

  /** Each token's {@link Q8Activations#blockSums} if {@code w}'s blocks have offsets, else null. */
  private static float[][] sums(LaneGroupedTensor w, float[][] x, Q8Activations[] q) {
    if (!Q8LaneLayout.withMins(w.type())) {
      return null;
    }
    float[][] sums = new float[q.length][];
    for (int t = 0; t < q.length; t++) {
      sums[t] = Q8Activations.blockSums(x[t], q[t].quants(), w.cols());
    }
    return sums;
  }

  /**
   * One {@link #task} for each matrix of {@code w}, {@code out[j] = w[j] @ x}, for one {@link
   * RowPool#forRowsOf}: {@code x} quantized once for every width among them.
   *
   * @throws IllegalArgumentException if a matrix's rows are not {@link
   *     LaneGroupedTensor#q8Blocks}
   */
  public static RowPool.RowTask[] tasks(LaneGroupedTensor[] w, float[][] out, float[] x) {
    RowPool.RowTask[] tasks = new RowPool.RowTask[w.length];
    Q8Activations[] q = null;
    for (int j = 0; j < w.length; j++) {
      if (!w[j].q8Blocks()) {
        throw new IllegalArgumentException(w[j].name() + " is " + w[j].type()
            + ", not in Q8_0 lanes");
      }
      if (q == null || q[0].wide().length != w[j].cols()) {
        q = new Q8Activations[] {Q8ActivationsInLanes.quantize(x, w[j].cols())};
      }
      tasks[j] = task(w[j], new float[][] {out[j]}, q, sums(w[j], new float[][] {x}, q));
    }
    return tasks;
  }

  private static RowPool.RowTask task(LaneGroupedTensor w, float[][] out, Q8Activations[] q,
      float[][] sums) {
    if (w.type() == GgmlType.Q4_0 && q.length >= Q4LaneTiles.MIN_TOKENS) {
      float[][] y = new float[q.length][];
      float[][] dy = new float[q.length][];
      for (int t = 0; t < q.length; t++) {
        y[t] = floats(q[t].quants());
        dy[t] = q[t].scales();
      }
      return (from, to) -> Q4LaneTiles.groups(w.type(), w.groups(), w.rows(), w.cols(), y, dy,
          y.length, from / ROWS, LaneGroupedTensor.groups(to), out);
    }
    if (w.type() == GgmlType.Q4_0 || w.type() == GgmlType.Q4_1) {
      short[][] eights = new short[q.length][];
      for (int t = 0; t < q.length; t++) {
        eights[t] = Q4LaneDots.offsets(q[t]);
      }
      return (from, to) -> Q4LaneDots.groups(w.type(), w.groups(), w.rows(), w.cols(), q, eights,
          sums, q.length, from / ROWS, LaneGroupedTensor.groups(to), out);
    }
    long chunkBytes = Q8LaneLayout.chunkBytes(w.type());
    return (from, to) -> groups(w.groups(), w.rows(), w.cols(), chunkBytes, q, sums, q.length,
        from / ROWS, LaneGroupedTensor.groups(to), out);
  }

  /** {@code codes} as floats, for {@link Q4LaneTiles}. */
  private static float[] floats(byte[] codes) {
    float[] f = new float[codes.length];
    for (int i = 0; i < codes.length; i++) {
      f[i] = codes[i];
    }
    return f;
  }

  /**
   * {@code out[t][row] = row . x[t]} for the rows of groups {@code [from, to)}, rows past {@code
   * rows} (the last group's padding) left out: chunks of {@code chunkBytes} ({@link
   * Q8LaneLayout#chunkBytes}), and {@code sums} each token's {@link Q8Activations#blockSums} for
   * rows with offsets, else null.
   */
  static void groups(MemorySegment[] groups, int rows, int cols, long chunkBytes,
      Q8Activations[] x, float[][] sums, int count, int from, int to, float[][] out) {
    float[] acc = new float[ROWS];
    for (int g = from; g < to; g++) {
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        group(groups[g], cols / BLOCK, chunkBytes, x[t], acc);
        if (sums != null) {
          addMins(groups[g], cols / BLOCK, chunkBytes, M, sums[t], acc);
        }
        for (int r = 0; r < n; r++) {
          out[t][row0 + r] = acc[r % 2 * HALF_ROWS + r / 2];
        }
      }
    }
  }

  /**
   * The 32 rows of one group times {@code x}, into {@code acc}: the even rows' results, then the
   * odd rows'.
   */
  private static void group(MemorySegment w, int blocks, long chunkBytes, Q8Activations x,
      float[] acc) {
    short[] y = x.wide();
    float[] dx = x.scales();
    FloatVector even = FloatVector.zero(F);
    FloatVector odd = FloatVector.zero(F);
    for (int b = 0; b < blocks; b++) {
      long chunk = b * chunkBytes;
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
    even.intoArray(acc, 0);
    odd.intoArray(acc, HALF_ROWS);
  }

  /**
   * Adds each row's {@code sum over blocks of m * s} to its result in {@code acc}, from the fp16
   * offsets {@code m} of a group with offsets (those of {@code acc[0, 16)}'s rows at byte {@code
   * at} of each chunk of {@code chunkBytes}, those of {@code acc[16, 32)}'s 32 bytes on) and the
   * activations' block sums {@code s}: a pass of its own, as the main loops are at the size past
   * which C2 stops inlining (see the kernel rules in model-runtime/README.md). Shared with {@link
   * Q4LaneDots}.
   */
  static void addMins(MemorySegment w, int blocks, long chunkBytes, long at, float[] sums,
      float[] acc) {
    FloatVector first = FloatVector.zero(F);
    FloatVector second = FloatVector.zero(F);
    for (int b = 0; b < blocks; b++) {
      long chunk = b * chunkBytes + at;
      // the widened offsets are m * 2^-112, and |s| < 2^16: s * 2^112 is exact, the product too
      FloatVector s = FloatVector.broadcast(F, sums[b] * F16Rows.HALF_SCALE);
      first = halfRowScales(w, chunk).fma(s, first);
      second = halfRowScales(w, chunk + ROWS).fma(s, second);
    }
    FloatVector.fromArray(F, acc, 0).add(first).intoArray(acc, 0);
    FloatVector.fromArray(F, acc, HALF_ROWS).add(second).intoArray(acc, HALF_ROWS);
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
