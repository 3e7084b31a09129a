package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.CHUNK_BYTES;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.D;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.SCALES;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Q4KLaneQuadDots}'s results, bit for bit, for many tokens at once (a prompt): Q4_K rows in
 * {@link Q4KLaneLayout} times Q8_K activation codes in the float order of llama.cpp b4916's x86
 * AVX2 {@code ggml_vec_dot_q4_K_q8_K}.
 *
 * <p>Each super-block of a group is widened once, for all tokens, to floats {@code scale * code}
 * (a sub-block's 6-bit scale times a row's 4-bit code, at most {@code 63 * 15 = 945}) in a scratch
 * array of 32 KiB, which stays in the L1 cache while every token reads it, four tokens per pass.
 * ggml's code lane {@code l} of a super-block, {@code L_l = sum over sub-blocks of scale * (its
 * products 4l .. 4l+3)}, is then a sum of 32 such weights times activation codes (at most 128 in
 * size), formed by float multiply-adds: exact, as every partial sum is an integer below {@code 32 *
 * 945 * 128 < 2^24}. So {@code fma(d, L_l, acc_l)} sees ggml's operands; the mins take {@link
 * Q4KLaneQuadDots#addMins}, the same step. Worth it from {@link #MIN_TOKENS} tokens on. Needs
 * 512-bit vectors. Stateless.
 */
final class Q4KLaneQuadTiles {
  /** Tokens from which this beats {@link Q4KLaneQuadDots} (as for {@code Q8LaneQuadTiles}). */
  static final int MIN_TOKENS = 8;
  private static final int ROWS = Q4KLaneLayout.ROWS;
  private static final int HALF_ROWS = ROWS / 2;
  private static final int SUPER_BLOCK = Q4KLaneLayout.SUPER_BLOCK;
  private static final int TOKENS = 4;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  /** Floats of one token's accumulators: 8 code lanes, then 4 mins lanes, 32 rows each. */
  private static final int ACCUMULATORS = 12 * ROWS;
  /**
   * The 32 columns of ggml's lane {@code l}, in the order the scratch array holds them: for nibble
   * byte {@code 32p + q} ({@code p < 4}, {@code 4l <= q < 4l + 4}), its low nibble (column {@code
   * 64p + q}, sub-block {@code 2p}) then its high one (column {@code 64p + 32 + q}, sub-block
   * {@code 2p + 1}).
   */
  private static final int[] COLUMNS = new int[SUPER_BLOCK];

  static {
    for (int l = 0, c = 0; l < 8; l++) {
      for (int p = 0; p < 4; p++) {
        for (int q = 4 * l; q < 4 * l + 4; q++) {
          COLUMNS[c++] = 64 * p + q;
          COLUMNS[c++] = 64 * p + 32 + q;
        }
      }
    }
  }

  private Q4KLaneQuadTiles() {}

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the rows of groups {@code [from,
   * to)} of the {@code rows x cols} Q4_K matrix regrouped in {@code groups}, rows past {@code
   * rows} left out; {@code y[t]} holds token {@code t}'s codes ({@code x[t].wide()}) as floats.
   */
  static void groups(MemorySegment[] groups, int rows, int cols, Q8KCodes[] x, float[][] y,
      int count, int from, int to, float[][] out) {
    float[] acc = new float[count * ACCUMULATORS];
    float[] weights = new float[SUPER_BLOCK * ROWS];
    float[] rowScales = new float[4 * ROWS]; // d and dmin as the file holds them, then even/odd
    float[] ds = new float[TOKENS * ROWS];
    float[] result = new float[ROWS];
    float[] mins = new float[ROWS];
    float[] evenOdd = new float[ROWS];
    int[] tokens = new int[TOKENS];
    for (int g = from; g < to; g++) {
      Arrays.fill(acc, 0f);
      MemorySegment w = groups[g];
      for (int i = 0; i < cols / SUPER_BLOCK; i++) {
        long chunk = i * CHUNK_BYTES;
        EvenOddLanes.rowFloats(w, chunk + D, 2, rowScales); // D and DMIN are adjacent
        widen(w, chunk, weights);
        for (int t = 0; t < count; t += TOKENS) {
          for (int u = 0; u < TOKENS; u++) {
            // past the last token, repeat it: the same sums written twice to the same place
            tokens[u] = Math.min(t + u, count - 1);
            float dy = x[tokens[u]].d()[i];
            FloatVector.fromArray(F, rowScales, 2 * ROWS).mul(dy).intoArray(ds, u * ROWS);
            FloatVector.fromArray(F, rowScales, 2 * ROWS + HALF_ROWS).mul(dy)
                .intoArray(ds, u * ROWS + HALF_ROWS);
          }
          fourTokens(weights, ds, y, tokens, i * SUPER_BLOCK, acc);
        }
        for (int t = 0; t < count; t++) {
          Q4KLaneQuadDots.addMins(w, chunk, rowScales, x[t], i, acc, t * ACCUMULATORS);
        }
      }
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        Q4KLaneQuadDots.minsSum(acc, t * ACCUMULATORS + 8 * ROWS, mins);
        EvenOddLanes.sum(acc, t * ACCUMULATORS, mins, 0, evenOdd, result);
        System.arraycopy(result, 0, out[t], row0, n);
      }
    }
  }

  /**
   * The super-block at {@code chunk} as floats {@code scale * code}: the {@code c}-th column of
   * {@link #COLUMNS} at {@code weights[32 c ..]}, its even rows' 16, then its odd rows'.
   */
  private static void widen(MemorySegment w, long chunk, float[] weights) {
    for (int p = 0; p < 4; p++) {
      ShortVector lowScale = KLaneRows.bytes(w, chunk + SCALES + 2L * p * ROWS);
      ShortVector highScale = KLaneRows.bytes(w, chunk + SCALES + (2L * p + 1) * ROWS);
      for (int q = 0; q < 32; q++) {
        ShortVector codes = Q4KLaneDots.nibbles(w, chunk + (32L * p + q) * ROWS);
        int c = 32 * (q / 4) + 8 * p + 2 * (q % 4); // where COLUMNS lists 64p + q
        store(codes.and((short) 15).mul(lowScale), weights, c);
        store(codes.lanewise(VectorOperators.LSHR, 4).mul(highScale), weights, c + 1);
      }
    }
  }

  /**
   * Column {@code c}'s 32 products {@code scale * code} (a short lane a row, at most 945: no
   * sign to extend) as floats at {@code weights[32 c ..]}, even rows, then odd.
   */
  private static void store(ShortVector products, float[] weights, int c) {
    IntVector rows = products.reinterpretAsInts();
    KLaneRows.toFloats(rows.and(0xFFFF)).intoArray(weights, 32 * c);
    KLaneRows.toFloats(rows.lanewise(VectorOperators.LSHR, 16))
        .intoArray(weights, 32 * c + HALF_ROWS);
  }

  /**
   * The super-block's code lanes for four tokens, {@code acc_l = fma(d, L_l, acc_l)} into {@code
   * acc[t * 384 + 32 l ..]} (even rows, then odd), with token {@code tokens[u]}'s {@code d} at
   * {@code ds[32 u ..]} and codes from {@code y[tokens[u]][y0 ..]}. Written out for the four
   * tokens (see {@code Q8LaneQuadTiles}: a helper method would be compiled apart and called with
   * boxed vectors).
   */
  private static void fourTokens(float[] weights, float[] ds, float[][] y, int[] tokens, int y0,
      float[] acc) {
    float[] ya = y[tokens[0]];
    float[] yb = y[tokens[1]];
    float[] yc = y[tokens[2]];
    float[] yd = y[tokens[3]];
    for (int l = 0; l < 8; l++) {
      FloatVector ae = FloatVector.zero(F);
      FloatVector ao = FloatVector.zero(F);
      FloatVector be = FloatVector.zero(F);
      FloatVector bo = FloatVector.zero(F);
      FloatVector ce = FloatVector.zero(F);
      FloatVector co = FloatVector.zero(F);
      FloatVector de = FloatVector.zero(F);
      FloatVector dO = FloatVector.zero(F);
      for (int c = 32 * l; c < 32 * l + 32; c++) {
        FloatVector we = FloatVector.fromArray(F, weights, 32 * c);
        FloatVector wo = FloatVector.fromArray(F, weights, 32 * c + HALF_ROWS);
        int col = y0 + COLUMNS[c];
        FloatVector v = FloatVector.broadcast(F, ya[col]);
        ae = we.fma(v, ae);
        ao = wo.fma(v, ao);
        v = FloatVector.broadcast(F, yb[col]);
        be = we.fma(v, be);
        bo = wo.fma(v, bo);
        v = FloatVector.broadcast(F, yc[col]);
        ce = we.fma(v, ce);
        co = wo.fma(v, co);
        v = FloatVector.broadcast(F, yd[col]);
        de = we.fma(v, de);
        dO = wo.fma(v, dO);
      }
      int a = tokens[0] * ACCUMULATORS + l * ROWS;
      int b = tokens[1] * ACCUMULATORS + l * ROWS;
      int c = tokens[2] * ACCUMULATORS + l * ROWS;
      int d = tokens[3] * ACCUMULATORS + l * ROWS;
      // d * L + acc, one rounding, as ggml's fma(d, L_l, acc_l); all read before any is written,
      // as a repeated token's slots are the same
      FloatVector na = ae.fma(FloatVector.fromArray(F, ds, 0), FloatVector.fromArray(F, acc, a));
      FloatVector nao = ao.fma(FloatVector.fromArray(F, ds, HALF_ROWS),
          FloatVector.fromArray(F, acc, a + HALF_ROWS));
      FloatVector nb = be.fma(FloatVector.fromArray(F, ds, ROWS), FloatVector.fromArray(F, acc, b));
      FloatVector nbo = bo.fma(FloatVector.fromArray(F, ds, ROWS + HALF_ROWS),
          FloatVector.fromArray(F, acc, b + HALF_ROWS));
      FloatVector nc =
          ce.fma(FloatVector.fromArray(F, ds, 2 * ROWS), FloatVector.fromArray(F, acc, c));
      FloatVector nco = co.fma(FloatVector.fromArray(F, ds, 2 * ROWS + HALF_ROWS),
          FloatVector.fromArray(F, acc, c + HALF_ROWS));
      FloatVector nd =
          de.fma(FloatVector.fromArray(F, ds, 3 * ROWS), FloatVector.fromArray(F, acc, d));
      FloatVector ndo = dO.fma(FloatVector.fromArray(F, ds, 3 * ROWS + HALF_ROWS),
          FloatVector.fromArray(F, acc, d + HALF_ROWS));
      na.intoArray(acc, a);
      nao.intoArray(acc, a + HALF_ROWS);
      nb.intoArray(acc, b);
      nbo.intoArray(acc, b + HALF_ROWS);
      nc.intoArray(acc, c);
      nco.intoArray(acc, c + HALF_ROWS);
      nd.intoArray(acc, d);
      ndo.intoArray(acc, d + HALF_ROWS);
    }
  }
}
