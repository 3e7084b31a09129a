package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.CHUNK_BYTES;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.D;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.DMIN;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.MINS;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.ROWS;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.SCALES;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.SUPER_BLOCK;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
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
 * <p>Three methods per super-block, joined by a per-thread int array rather than vectors passed
 * across calls: in one method the JIT's inlining budget ({@code NodeCountInliningCutoff}) ran out
 * before the scale and mins steps, whose vector conversions then ran as plain Java (3x slower
 * than split). Stateless; {@link Scratch} is per thread.
 */
final class Q4KLaneDots {
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
  private static final int HALF_ROWS = ROWS / 2;
  private static final int SUMS = 8 * ROWS; // per sub-block j: rows 0-31 at 32j
  private static final int SCALED = SUMS; // a super-block's scaled sums, rows 0-31
  private static final int MINS_SUMS = SCALED + ROWS; // its mins times the activations' sums

  private Q4KLaneDots() {}

  /** A thread's buffers for batches of up to {@code tokens} tokens. */
  record Scratch(int[] sums, float[] acc) {
    static Scratch forTokens(int tokens) {
      return new Scratch(new int[MINS_SUMS + ROWS], new float[tokens * ROWS]);
    }
  }

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the rows of groups {@code [from,
   * to)} of the {@code rows x cols} matrix regrouped in {@code groups}, rows past {@code rows} (the
   * last group's padding) left out.
   */
  static void groups(MemorySegment[] groups, int rows, int cols, Q8KCodes[] x, int count,
      int from, int to, float[][] out, Scratch scratch) {
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
          mins(w, chunk, x[t], i, sums);
          finish(w, chunk, x[t].d()[i], sums, acc, t * ROWS);
        }
      }
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        System.arraycopy(acc, t * ROWS, out[t], row0, n);
      }
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
          ShortVector q = bytes(w, chunk + (32L * g + l) * ROWS);
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

  /** {@code sums[256 ..]}: the sub-blocks' sums times their scales, added, for rows 0-31. */
  private static void scale(MemorySegment w, long chunk, int[] sums) {
    IntVector s0 = IntVector.zero(I);
    IntVector s1 = IntVector.zero(I);
    for (int j = 0; j < 8; j++) {
      ShortVector sc = bytes(w, chunk + SCALES + j * ROWS);
      s0 = s0.add(IntVector.fromArray(I, sums, ROWS * j).mul(ints(sc, 0)));
      s1 = s1.add(IntVector.fromArray(I, sums, ROWS * j + HALF_ROWS).mul(ints(sc, 1)));
    }
    s0.intoArray(sums, SCALED);
    s1.intoArray(sums, SCALED + HALF_ROWS);
  }

  /** {@code sums[288 ..]}: super-block {@code i}'s mins times {@code x}'s sums, for rows 0-31. */
  private static void mins(MemorySegment w, long chunk, Q8KCodes x, int i, int[] sums) {
    int[] bsums = x.sums32();
    IntVector m0 = IntVector.zero(I);
    IntVector m1 = IntVector.zero(I);
    for (int j = 0; j < 8; j++) {
      int b = bsums[8 * i + j];
      ShortVector mins = bytes(w, chunk + MINS + j * ROWS);
      m0 = m0.add(ints(mins, 0).mul(b));
      m1 = m1.add(ints(mins, 1).mul(b));
    }
    m0.intoArray(sums, MINS_SUMS);
    m1.intoArray(sums, MINS_SUMS + HALF_ROWS);
  }

  /** Super-block {@code i}'s scaled sums and mins, in float, into {@code acc[at .. at + 32)}. */
  private static void finish(MemorySegment w, long chunk, float dy, int[] sums, float[] acc,
      int at) {
    for (int h = 0; h < ROWS; h += HALF_ROWS) {
      FloatVector d = floats(w, chunk + D + 4 * h).mul(dy);
      FloatVector dmin = floats(w, chunk + DMIN + 4 * h).mul(-dy);
      FloatVector a = toFloats(IntVector.fromArray(I, sums, SCALED + h))
          .fma(d, FloatVector.fromArray(F, acc, at + h));
      toFloats(IntVector.fromArray(I, sums, MINS_SUMS + h)).fma(dmin, a).intoArray(acc, at + h);
    }
  }

  /** The 32 bytes at {@code at}, zero-extended to shorts. */
  private static ShortVector bytes(MemorySegment w, long at) {
    return (ShortVector) ByteVector.fromMemorySegment(B32, w, at, ByteOrder.LITTLE_ENDIAN)
        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
  }

  /**
   * Shorts {@code 16 part ..} of {@code v} as ints (sign-extended). From shorts, not from 16 bytes
   * straight to ints: that conversion (4x wider) ran as plain Java on JDK 25.
   */
  private static IntVector ints(ShortVector v, int part) {
    return (IntVector) v.convertShape(VectorOperators.S2I, I, part);
  }

  private static FloatVector floats(MemorySegment w, long at) {
    return FloatVector.fromMemorySegment(F, w, at, ByteOrder.LITTLE_ENDIAN);
  }

  private static FloatVector toFloats(IntVector v) {
    return (FloatVector) v.convert(VectorOperators.I2F, 0);
  }
}
