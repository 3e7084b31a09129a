package io.infer4j.runtime.internal.kernels;

import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.BLOCK;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.CHUNK_BYTES;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.CHUNK_BYTES_WITH_MINS;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.D;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.D_ODD;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.ROWS;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q8_0 rows in {@link Q8LaneLayout} with Q8_0 activation codes, in the float
 * order of llama.cpp b4916's x86 AVX2 {@code ggml_vec_dot_q8_0_q8_0} (and tinyBLAS_Q0_AVX, which
 * adds the same way), bit for bit, with a row per vector lane.
 *
 * <p>ggml keeps 8 float accumulators per row: accumulator {@code j} takes, block after block,
 * {@code fma(s_j, d, acc_j)} where {@code s_j} is the exact integer sum of the block's products
 * {@code 4j .. 4j+3} and {@code d = float(dw) * dy} is rounded once; at the end {@code
 * hsum_float_8} adds them as {@code ((a4 + a0) + (a6 + a2)) + ((a5 + a1) + (a7 + a3))}. Here
 * accumulator {@code j} of 16 rows is one 16-lane float vector, for the even rows of a group and
 * for the odd ones, and the final sum is the same tree, lane-wise.
 * Products are formed as in {@link Q8LaneDots}, a pair of columns in 16-bit lanes (exact, {@code
 * 2 * 128 * 127 < 2^15}), then the two pairs of a quad split into the even rows' (low) and odd
 * rows' (high) halves of their 32-bit lanes and added. The scales {@code d} are those of {@link
 * Q8LaneDots} (one rounding of the exact product). Compared with {@link Q8LaneDots}, which adds a
 * block's 32 products as one integer, this takes 8 conversions and 8 fused multiply-adds per
 * block and row instead of 1. Needs 512-bit vectors. Stateless.
 */
public final class Q8LaneQuadDots {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final int HALF_ROWS = ROWS / 2;

  private Q8LaneQuadDots() {}

  /**
   * {@code out[t][row]} for the rows of groups {@code [from, to)} of the {@code rows x cols}
   * matrix in {@code groups}, rows past {@code rows} (the last group's padding) left out: token
   * {@code t}'s activation codes {@code y[t]} (one short each, in column order) and fp16 block
   * scales {@code dy[t]} (as floats). Q8_0 rows (and Q5_0's as Q8_0 codes) where {@code sy} is
   * null; rows with offsets (Q5_1, chunks of {@link Q8LaneLayout#CHUNK_BYTES_WITH_MINS}) where
   * not: {@code sy[t]} holds token {@code t}'s Q8_1 block sums {@code s} (fp16 values as floats)
   * and each row adds {@code summs}, {@code fma(m, s, summs)} block after block, after {@code
   * hsum_float_8}, as {@code ggml_vec_dot_q5_1_q8_1} does ({@link #offsets}).
   */
  public static void groups(MemorySegment[] groups, int rows, int cols, short[][] y,
      float[][] dy, float[][] sy, int count, int from, int to, float[][] out) {
    float[] acc = new float[2 * ROWS];
    float[] quads = new float[2 * ROWS * 4];
    float[] scales = new float[cols / BLOCK * ROWS];
    float[] summs = new float[2 * ROWS];
    for (int g = from; g < to; g++) {
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        if (sy == null) {
          blockScales(groups[g], cols / BLOCK, dy[t], scales);
          group(groups[g], cols / BLOCK, y[t], acc, quads, scales);
        } else {
          blockScalesWithOffsets(groups[g], cols / BLOCK, dy[t], scales);
          groupWithOffsets(groups[g], cols / BLOCK, y[t], acc, quads, scales);
        }
        if (sy != null) {
          offsets(groups[g], CHUNK_BYTES_WITH_MINS, cols / BLOCK, sy[t], summs);
          for (int r = 0; r < ROWS; r++) {
            acc[r] += summs[r];
          }
        }
        System.arraycopy(acc, 0, out[t], row0, n);
      }
    }
  }

  /**
   * Q5_1's {@code summs} of the 32 rows of group {@code w}, in row order into {@code summs[0,
   * 32)} ({@code summs[32, 64)} scratch): {@code fma(m, s, summs)} block after block, {@code m}
   * the rows' fp16 offsets (widened as {@link Q8LaneDots#halfRowScales}, times {@code 2^-112},
   * with {@code 2^112} moved into {@code s}: exact, as {@code |s| < 2^16}) and {@code s} the
   * token's block sums {@code sy}. Shared with
   * {@link Q8LaneQuadTiles}.
   */
  static void offsets(MemorySegment w, long chunkBytes, int blocks, float[] sy, float[] summs) {
    FloatVector even = FloatVector.zero(F);
    FloatVector odd = FloatVector.zero(F);
    for (int b = 0; b < blocks; b++) {
      long c = b * chunkBytes;
      FloatVector s = FloatVector.broadcast(F, sy[b] * F16Rows.HALF_SCALE);
      even = Q8LaneDots.halfRowScales(w, c + Q8LaneLayout.M).fma(s, even);
      odd = Q8LaneDots.halfRowScales(w, c + Q8LaneLayout.M_ODD).fma(s, odd);
    }
    even.intoArray(summs, ROWS);
    odd.intoArray(summs, ROWS + HALF_ROWS);
    for (int i = 0; i < HALF_ROWS; i++) {
      summs[2 * i] = summs[ROWS + i];
      summs[2 * i + 1] = summs[ROWS + HALF_ROWS + i];
    }
  }

  /**
   * The 32 rows of one group, into {@code acc[0, 32)}; {@code acc[32, 64)} is scratch (the even
   * rows' and the odd rows' results), and so is {@code quads} (16 vectors: ggml's accumulator
   * {@code j} of the even rows at {@code 2j * 16}, of the odd rows at {@code (2j + 1) * 16});
   * {@code scales} holds the block scales of {@link #blockScales}. The accumulators live in that
   * array rather than in 16 variables, and the scales are widened in a pass of their own, because
   * C2 stops inlining a method past a node budget and the Vector API calls it then leaves out run
   * as plain Java, several times slower: 8 copies of the loop body, or the widening in it, went
   * past that budget (decode 6-7 instead of 22 tokens/s on a 1.1B-parameter file).
   */
  private static void group(MemorySegment w, int blocks, short[] y, float[] acc, float[] quads,
      float[] scales) {
    java.util.Arrays.fill(quads, 0f);
    for (int b = 0; b < blocks; b++) {
      long c = b * CHUNK_BYTES;
      FloatVector de = FloatVector.fromArray(F, scales, b * ROWS);
      FloatVector dO = FloatVector.fromArray(F, scales, b * ROWS + HALF_ROWS);
      for (int j = 0; j < 8; j++) {
        int x = b * BLOCK + 4 * j;
        long at = c + 4L * j * ROWS;
        IntVector p = pair(w, at, y, x);
        IntVector q = pair(w, at + 2 * ROWS, y, x + 2);
        int e = 2 * j * HALF_ROWS;
        low(p, q).fma(de, FloatVector.fromArray(F, quads, e)).intoArray(quads, e);
        high(p, q).fma(dO, FloatVector.fromArray(F, quads, e + HALF_ROWS))
            .intoArray(quads, e + HALF_ROWS);
      }
    }
    hsum(quads, 0, acc);
  }

  /**
   * {@link #group} for chunks with offsets (Q5_1, {@link Q8LaneLayout#CHUNK_BYTES_WITH_MINS}): the
   * same steps, a copy because the stride between chunks must be a constant for C2 to take the
   * bounds checks of the segment reads out of the loop (with the stride a parameter Q8_0 decode
   * ran at 0.92x, medians of three alternating pairs, 2026-12-06).
   */
  private static void groupWithOffsets(MemorySegment w, int blocks, short[] y, float[] acc,
      float[] quads, float[] scales) {
    java.util.Arrays.fill(quads, 0f);
    for (int b = 0; b < blocks; b++) {
      long c = b * CHUNK_BYTES_WITH_MINS;
      FloatVector de = FloatVector.fromArray(F, scales, b * ROWS);
      FloatVector dO = FloatVector.fromArray(F, scales, b * ROWS + HALF_ROWS);
      for (int j = 0; j < 8; j++) {
        int x = b * BLOCK + 4 * j;
        long at = c + 4L * j * ROWS;
        IntVector p = pair(w, at, y, x);
        IntVector q = pair(w, at + 2 * ROWS, y, x + 2);
        int e = 2 * j * HALF_ROWS;
        low(p, q).fma(de, FloatVector.fromArray(F, quads, e)).intoArray(quads, e);
        high(p, q).fma(dO, FloatVector.fromArray(F, quads, e + HALF_ROWS))
            .intoArray(quads, e + HALF_ROWS);
      }
    }
    hsum(quads, 0, acc);
  }

  /**
   * {@code hsum_float_8} lane-wise over one token's 8 accumulators at {@code quads[at ..]}
   * (accumulator {@code j}'s even rows at {@code at + 32 j}, its odd rows 16 on), {@code ((a4 +
   * a0) + (a6 + a2)) + ((a5 + a1) + (a7 + a3))}, the rows back in order into {@code sums[0, 32)}
   * ({@code sums[32, 64)} scratch). Shared with {@link Q8LaneQuadTiles}.
   */
  static void hsum(float[] quads, int at, float[] sums) {
    for (int odd = 0; odd < 2; odd++) {
      int h = at + odd * HALF_ROWS;
      FloatVector a0 = FloatVector.fromArray(F, quads, h);
      FloatVector a1 = FloatVector.fromArray(F, quads, h + ROWS);
      FloatVector a2 = FloatVector.fromArray(F, quads, h + 2 * ROWS);
      FloatVector a3 = FloatVector.fromArray(F, quads, h + 3 * ROWS);
      FloatVector a4 = FloatVector.fromArray(F, quads, h + 4 * ROWS);
      FloatVector a5 = FloatVector.fromArray(F, quads, h + 5 * ROWS);
      FloatVector a6 = FloatVector.fromArray(F, quads, h + 6 * ROWS);
      FloatVector a7 = FloatVector.fromArray(F, quads, h + 7 * ROWS);
      a4.add(a0).add(a6.add(a2)).add(a5.add(a1).add(a7.add(a3)))
          .intoArray(sums, ROWS + odd * HALF_ROWS);
    }
    for (int i = 0; i < HALF_ROWS; i++) {
      sums[2 * i] = sums[ROWS + i];
      sums[2 * i + 1] = sums[ROWS + HALF_ROWS + i];
    }
  }

  /**
   * Each block's {@code d = float(dw) * dy} (one rounding), the even rows' at {@code scales[32b ..
   * 32b + 16)}, the odd rows' after them.
   */
  private static void blockScales(MemorySegment w, int blocks, float[] dy, float[] scales) {
    for (int b = 0; b < blocks; b++) {
      long c = b * CHUNK_BYTES;
      float scale = dy[b] * F16Rows.HALF_SCALE; // the widened scales are dw * 2^-112
      Q8LaneDots.halfRowScales(w, c + D).mul(scale).intoArray(scales, b * ROWS);
      Q8LaneDots.halfRowScales(w, c + D_ODD).mul(scale).intoArray(scales, b * ROWS + HALF_ROWS);
    }
  }
  /** {@link #blockScales} for chunks with offsets, for the reason {@link #groupWithOffsets} is. */
  private static void blockScalesWithOffsets(MemorySegment w, int blocks, float[] dy,
      float[] scales) {
    for (int b = 0; b < blocks; b++) {
      long c = b * CHUNK_BYTES_WITH_MINS;
      float scale = dy[b] * F16Rows.HALF_SCALE; // the widened scales are dw * 2^-112
      Q8LaneDots.halfRowScales(w, c + D).mul(scale).intoArray(scales, b * ROWS);
      Q8LaneDots.halfRowScales(w, c + D_ODD).mul(scale).intoArray(scales, b * ROWS + HALF_ROWS);
    }
  }

  /**
   * Columns {@code x} and {@code x + 1} of the 32 rows whose codes start at {@code at}: each row's
   * two products added in a 16-bit lane, even row low and odd row high in each 32-bit lane.
   */
  private static IntVector pair(MemorySegment w, long at, short[] y, int x) {
    return Q8LaneDots.codes(w, at).mul(y[x]).add(Q8LaneDots.codes(w, at + ROWS).mul(y[x + 1]))
        .reinterpretAsInts();
  }

  /** The even rows' sums of two {@link #pair}s, as floats (exact). */
  private static FloatVector low(IntVector p, IntVector q) {
    return (FloatVector) p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
        .add(q.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16))
        .convert(VectorOperators.I2F, 0);
  }

  /** The odd rows' sums of two {@link #pair}s, as floats (exact). */
  private static FloatVector high(IntVector p, IntVector q) {
    return (FloatVector) p.lanewise(VectorOperators.ASHR, 16)
        .add(q.lanewise(VectorOperators.ASHR, 16))
        .convert(VectorOperators.I2F, 0);
  }
}
