package io.infer4j.runtime.internal.kernels;

import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.BLOCK;
import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.D;
import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.M;
import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.ROWS;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q4_1 rows in {@link Q4LaneLayout} (nibbles packed as in the file) with Q8_1
 * activation codes, in the float order of llama.cpp b4916's x86 AVX2 {@code
 * ggml_vec_dot_q4_1_q8_1}, bit for bit, with a row per vector lane: 8 float accumulators a row,
 * accumulator {@code j} taking, block after block, {@code fma(s_j, dw * dy, acc_j)} with {@code
 * s_j} the exact integer sum of the block's products {@code 4j .. 4j+3} (unsigned codes), then
 * {@code hsum_float_8} ({@link Q8LaneQuadDots#hsum}) plus the offsets' {@code summs}, {@code
 * fma(m, s, summs)} block after block ({@link Q8LaneDots#addMins}). Column {@code l} of a block
 * ({@code l < 16}) is the low nibble of byte {@code l}, column {@code l + 16} its high one, so
 * bytes {@code 4i .. 4i+3} feed accumulators {@code i} (low) and {@code i + 4} (high). Four
 * products of a 4-bit code and an activation code ({@code |y| <= 127}) stay within a short; the
 * two halves of each 32-bit lane (even and odd rows) are split by shifts, as {@link
 * Q8LaneQuadDots} splits them, and the rows' scales are put in that order once per block.
 * Needs 512-bit vectors. Stateless.
 */
public final class Q4LaneQuadDots {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final int HALF_ROWS = ROWS / 2;
  /**
   * A Q4_1 chunk's bytes: a constant, so that C2 takes the segment reads' bounds checks out of the
   * loops over blocks (with the stride a parameter it keeps them: Q8_0's kernel ran at 0.92x).
   */
  private static final long CHUNK_BYTES = Q4LaneLayout.chunkBytes(GgmlType.Q4_1);
  /** Lane indexes of the even rows, then of the odd rows, in two vectors of 16 rows each. */
  private static final float[] EVEN_ODD = new float[ROWS];

  static {
    for (int i = 0; i < HALF_ROWS; i++) {
      EVEN_ODD[i] = 2 * i;
      EVEN_ODD[HALF_ROWS + i] = 2 * i + 1;
    }
  }

  private Q4LaneQuadDots() {}

  /**
   * {@code out[t][row]} for the rows of groups {@code [from, to)} of the {@code rows x cols} Q4_1
   * matrix in {@code groups}, rows past {@code rows} (the last group's padding) left out: token
   * {@code t}'s activation codes {@code y[t]} (one short each, in column order), fp16 block
   * scales {@code dy[t]} and Q8_1 block sums {@code sy[t]} (fp16 values as floats).
   */
  public static void groups(MemorySegment[] groups, int rows, int cols, short[][] y, float[][] dy,
      float[][] sy, int count, int from, int to, float[][] out) {
    int blocks = cols / BLOCK;
    float[] acc = new float[2 * ROWS];
    float[] quads = new float[8 * ROWS];
    float[] scales = new float[blocks * ROWS];
    for (int g = from; g < to; g++) {
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        blockScales(groups[g], blocks, dy[t], scales);
        group(groups[g], blocks, y[t], quads, scales);
        Q8LaneQuadDots.hsum(quads, 0, acc);
        Q8LaneDots.addMins(groups[g], blocks, CHUNK_BYTES, M, sy[t], acc);
        System.arraycopy(acc, 0, out[t], row0, n);
      }
    }
  }

  /**
   * Each block's {@code d = float(dw) * dy} (one rounding, as {@link Q8LaneQuadDots} forms it),
   * the even rows' at {@code scales[32b .. 32b + 16)}, the odd rows' after them.
   */
  private static void blockScales(MemorySegment w, int blocks, float[] dy, float[] scales) {
    for (int b = 0; b < blocks; b++) {
      long c = b * CHUNK_BYTES;
      float s = dy[b] * F16Rows.HALF_SCALE; // the widened scales are dw * 2^-112
      evenOdd(Q8LaneDots.halfRowScales(w, c + D).mul(s),
          Q8LaneDots.halfRowScales(w, c + D + ROWS).mul(s), scales, b * ROWS);
    }
  }

  /**
   * Rows 0-15 ({@code first}) and 16-31 ({@code second}) put in even and odd rows: the even rows'
   * 16 at {@code out[at ..]}, the odd rows' after them.
   */
  static void evenOdd(FloatVector first, FloatVector second, float[] out, int at) {
    FloatVector.fromArray(F, EVEN_ODD, 0).selectFrom(first, second).intoArray(out, at);
    FloatVector.fromArray(F, EVEN_ODD, HALF_ROWS).selectFrom(first, second)
        .intoArray(out, at + HALF_ROWS);
  }

  /**
   * The 8 accumulators of the 32 rows of one group into {@code quads} (accumulator {@code j}'s
   * even rows at {@code 32 j}, its odd rows 16 on), {@code scales} as {@link #blockScales} left
   * them. The accumulators live in the array, as {@link Q8LaneQuadDots}' do, and the steps are
   * written out rather than taken from a helper given vectors, for the JIT's inlining budget.
   */
  private static void group(MemorySegment w, int blocks, short[] y, float[] quads,
      float[] scales) {
    Arrays.fill(quads, 0f);
    for (int b = 0; b < blocks; b++) {
      long c = b * CHUNK_BYTES;
      int x = b * BLOCK;
      FloatVector de = FloatVector.fromArray(F, scales, b * ROWS);
      FloatVector dO = FloatVector.fromArray(F, scales, b * ROWS + HALF_ROWS);
      for (int i = 0; i < 4; i++) {
        ShortVector low = ShortVector.zero(ShortVector.SPECIES_512);
        ShortVector high = ShortVector.zero(ShortVector.SPECIES_512);
        for (int l = 4 * i; l < 4 * i + 4; l++) {
          ShortVector q = Q4LaneDots.nibbles(w, c + (long) l * ROWS);
          low = low.add(q.and((short) 0x0F).mul(y[x + l]));
          high = high.add(q.lanewise(VectorOperators.LSHR, 4).mul(y[x + l + 16]));
        }
        // each sum's even rows (the low halves of the 32-bit lanes, sign-extended) and odd rows
        IntVector lows = low.reinterpretAsInts();
        IntVector highs = high.reinterpretAsInts();
        int a = i * ROWS;
        int h = (i + 4) * ROWS;
        ((FloatVector) lows.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
            .convert(VectorOperators.I2F, 0))
            .fma(de, FloatVector.fromArray(F, quads, a)).intoArray(quads, a);
        ((FloatVector) lows.lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0))
            .fma(dO, FloatVector.fromArray(F, quads, a + HALF_ROWS))
            .intoArray(quads, a + HALF_ROWS);
        ((FloatVector) highs.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
            .convert(VectorOperators.I2F, 0))
            .fma(de, FloatVector.fromArray(F, quads, h)).intoArray(quads, h);
        ((FloatVector) highs.lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0))
            .fma(dO, FloatVector.fromArray(F, quads, h + HALF_ROWS))
            .intoArray(quads, h + HALF_ROWS);
      }
    }
  }
}
