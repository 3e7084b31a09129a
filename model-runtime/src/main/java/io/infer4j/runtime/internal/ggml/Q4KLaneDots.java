package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.KLaneRows.HALF_ROWS;
import static io.infer4j.runtime.internal.ggml.KLaneRows.I;
import static io.infer4j.runtime.internal.ggml.KLaneRows.S;
import static io.infer4j.runtime.internal.ggml.KLaneRows.SCALED;
import static io.infer4j.runtime.internal.ggml.KLaneRows.SUPER_BLOCK;
import static io.infer4j.runtime.internal.ggml.KLaneRows.ints;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.CHUNK_BYTES;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.D;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.DMIN;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.MINS;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.ROWS;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.SCALES;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q4_K rows in {@link Q4KLaneLayout} with activations quantized to Q8_K, one row
 * per 16-bit lane: for each nibble byte position the 32 rows' bytes are one vector, and each code
 * is multiplied by the activation it meets, broadcast, so a row's products pile up in its own lane
 * and no sum crosses lanes. Per 32 rows and 64 codes that is one load, a mask and a shift, two
 * multiplies and two adds, where {@link K4Int8Rows} (a row at a time) also pairs, scales and
 * folds its products in every row; measured on AVX-512 (2026-12-05, 2048-column rows read from
 * L2), 4.7-5.3 ns per row and super-block against {@link K4Int8Rows}'s 14.4-15.4. Needs 512-bit
 * vectors ({@link WideLanes#NATIVE}).
 *
 * <p>The integers are exact: a 16-bit lane adds 16 products of a 4-bit code and an 8-bit
 * activation ({@code 16 * 15 * 128 = 30720 < 2^15}) before it is widened to int and the two halves
 * of a sub-block are added; times the sub-block's 6-bit scale, a super-block's sum stays below
 * {@code 2^24} and converts to float exactly, as does the mins' sum {@code sum_j m_j * bsums_j}.
 * Row {@code r}'s float result is {@code acc = isum * (d dy) + acc}, then {@code acc = msum * -(dmin
 * dy) + acc} (both fused), super-block after super-block: the same integers as {@link K4Int8Rows},
 * combined in another order, so the two agree to float rounding, not bit for bit. A batch gives
 * each token the floats its single-token call gives.
 *
 * <p>The loop over groups, super-blocks and tokens, the mins and the float steps are {@link
 * KLaneRows}'s, shared with {@link KLaneDots}. Stateless.
 */
final class Q4KLaneDots {
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;

  private Q4KLaneDots() {}

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the rows of groups {@code [from,
   * to)} of the {@code rows x cols} Q4_K matrix regrouped in {@code groups}, rows past {@code
   * rows} (the last group's padding) left out.
   */
  static void groups(MemorySegment[] groups, int rows, int cols, Q8KCodes[] x, int count,
      int from, int to, float[][] out, KLaneRows.Scratch scratch) {
    float[] acc = scratch.acc();
    int[] sums = scratch.sums();
    for (int g = from; g < to; g++) {
      java.util.Arrays.fill(acc, 0, count * ROWS, 0f);
      MemorySegment w = groups[g];
      for (int i = 0; i < cols / SUPER_BLOCK; i++) {
        long chunk = i * CHUNK_BYTES;
        for (int t = 0; t < count; t++) {
          codes(w, chunk, x[t].wide(), i * SUPER_BLOCK, sums);
          scale(w, chunk, sums);
          KLaneRows.mins(w, chunk + MINS, x[t], i, sums);
          KLaneRows.finish(w, chunk + D, chunk + DMIN, true, x[t].d()[i], sums, acc,
              t * ROWS);
        }
      }
      KLaneRows.copyOut(acc, count, rows, g, out);
    }
  }

  /**
   * Each sub-block's code sums of super-block {@code chunk} against {@code y[y0 ..]}: rows 0-15
   * and 16-31 of sub-block {@code j} as ints at {@code sums[32j ..]}.
   */
  private static void codes(MemorySegment w, long chunk, short[] y, int y0, int[] sums) {
    for (int g = 0; g < 4; g++) {
      IntVector low0 = IntVector.zero(I);
      IntVector low1 = IntVector.zero(I);
      IntVector high0 = IntVector.zero(I);
      IntVector high1 = IntVector.zero(I);
      for (int half = 0; half < 2; half++) { // 16 products per 16-bit lane, then widen
        ShortVector low = ShortVector.zero(S);
        ShortVector high = ShortVector.zero(S);
        for (int l = 16 * half; l < 16 * half + 16; l++) {
          ShortVector q = nibbles(w, chunk + (32L * g + l) * ROWS);
          int e = y0 + 64 * g + l;
          low = low.add(q.and((short) 15).mul(y[e]));
          high = high.add(q.lanewise(VectorOperators.LSHR, 4).mul(y[e + 32]));
        }
        low0 = low0.add(ints(low, 0));
        low1 = low1.add(ints(low, 1));
        high0 = high0.add(ints(high, 0));
        high1 = high1.add(ints(high, 1));
      }
      low0.intoArray(sums, 64 * g);
      low1.intoArray(sums, 64 * g + HALF_ROWS);
      high0.intoArray(sums, 64 * g + ROWS);
      high1.intoArray(sums, 64 * g + ROWS + HALF_ROWS);
    }
  }

  /** {@code sums[SCALED ..]}: the sub-blocks' sums times their scales, added, for rows 0-31. */
  private static void scale(MemorySegment w, long chunk, int[] sums) {
    IntVector s0 = IntVector.zero(I);
    IntVector s1 = IntVector.zero(I);
    for (int j = 0; j < 8; j++) {
      ShortVector sc = nibbles(w, chunk + SCALES + j * ROWS);
      s0 = s0.add(IntVector.fromArray(I, sums, ROWS * j).mul(ints(sc, 0)));
      s1 = s1.add(IntVector.fromArray(I, sums, ROWS * j + HALF_ROWS).mul(ints(sc, 1)));
    }
    s0.intoArray(sums, SCALED);
    s1.intoArray(sums, SCALED + HALF_ROWS);
  }

  /**
   * {@link #nibbles(MemorySegment, long)} of codes staged in a heap array ({@link
   * KLaneRows#stage}).
   */
  static ShortVector nibbles(byte[] codes, int at) {
    return (ShortVector) ByteVector.fromArray(B32, codes, at)
        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
  }

  /** The 32 bytes at {@code at}, zero-extended to shorts (a nibble byte's high nibble stays 4 bits). */
  static ShortVector nibbles(MemorySegment w, long at) {
    return (ShortVector) ByteVector.fromMemorySegment(B32, w, at, ByteOrder.LITTLE_ENDIAN)
        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
  }
}
