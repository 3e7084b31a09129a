package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The results of {@link Q4KLaneQuadDots} (Q4_K), {@link Q5KPackedQuadDots} (Q5_K) and {@link
 * KLaneQuadDots} (Q6_K), bit for bit, for many tokens at once (a prompt): K-quant rows regrouped
 * in lanes ({@link Q4KLaneLayout}, {@link Q5KPackedLayout}, {@link KLaneLayout}) times Q8_K
 * activation codes in the float order of llama.cpp b4916's x86 AVX2 {@code
 * ggml_vec_dot_q4_K_q8_K}, {@code _q5_K_} and {@code _q6_K_}.
 *
 * <p>ggml's code lane {@code l} of a row and super-block is {@code L_l}, the exact sum over
 * sub-blocks of the sub-block's scale times its products that fall in the lane: the columns
 * {@code e} with {@code (e % 32) / 4 == l}, for all three types. Here each super-block of a group
 * is widened once, for all tokens, to floats {@code scale * code} in a scratch array of 32 KiB
 * (within the L1 data cache), lane by lane; every token reads it there, four tokens per pass, and
 * forms {@code L_l} by float multiply-adds. Exact, as every partial sum is an integer of at most
 * {@code 2^24} in size: {@code 32} products of a weight of at most {@code 63 * 15} (Q4_K), {@code
 * 63 * 31} (Q5_K) or {@code 128 * 32} (Q6_K, signed scales and codes) and an activation code of at
 * most 128. So {@code fma(dy * d, L_l, acc_l)} sees ggml's operands; so do the mins' steps
 * ({@link #addMins}). Used from {@link #MIN_TOKENS} tokens on. Needs 512-bit vectors. Stateless.
 */
final class KLaneQuadTiles {
  /**
   * Tokens from which this runs instead of the lane kernels: {@code Q8LaneQuadTiles}'s threshold,
   * taken over (not measured separately for the K-quants).
   */
  static final int MIN_TOKENS = 8;
  private static final int ROWS = KLaneRows.ROWS;
  private static final int HALF_ROWS = ROWS / 2;
  private static final int SUPER_BLOCK = KLaneRows.SUPER_BLOCK;
  private static final int TOKENS = 4;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  /**
   * Floats of one token's accumulators, as {@link Q4KLaneQuadDots} keeps them (whose {@code
   * addMins} writes into them): 8 code lanes, then the mins' (Q4_K's 4 lanes, Q5_K's one).
   */
  private static final int ACCUMULATORS = Q4KLaneQuadDots.ACCUMULATORS;
  /** Where the mins' accumulators start in a token's. */
  private static final int MINS_ACC = Q4KLaneQuadDots.MINS_ACC;
  /**
   * The columns of a super-block in lane order: lane {@code l}'s 32 (those with {@code (e % 32) / 4
   * == l}, ascending) at {@code [32 l, 32 l + 32)}.
   */
  private static final int[] COLUMNS = new int[SUPER_BLOCK];
  /** Where {@link #COLUMNS} lists column {@code e}. */
  private static final int[] POSITIONS = new int[SUPER_BLOCK];

  static {
    for (int l = 0, c = 0; l < 8; l++) {
      for (int e = 0; e < SUPER_BLOCK; e++) {
        if (e % 32 / 4 == l) {
          COLUMNS[c] = e;
          POSITIONS[e] = c++;
        }
      }
    }
  }

  private KLaneQuadTiles() {}

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the rows of groups {@code [from,
   * to)} of the {@code rows x cols} matrix of {@code type} (Q4_K, Q5_K or Q6_K) regrouped in
   * {@code groups}, rows past {@code rows} left out; {@code y[t]} holds token {@code t}'s codes
   * ({@code x[t].wide()}) as floats.
   */
  static void groups(GgmlType type, MemorySegment[] groups, int rows, int cols, Q8KCodes[] x,
      float[][] y, int count, int from, int to, float[][] out) {
    boolean q4K = type == GgmlType.Q4_K;
    boolean q5K = type == GgmlType.Q5_K;
    boolean mins = type != GgmlType.Q6_K;
    long chunkBytes = q4K ? Q4KLaneLayout.CHUNK_BYTES
        : q5K ? Q5KPackedLayout.CHUNK_BYTES : KLaneLayout.chunkBytes(false);
    // Q5_K's scales, mins, d and dmin sit at KLaneLayout's offsets from chunk - TAIL_SHIFT
    long shift = q5K ? Q5KPackedLayout.TAIL_SHIFT : 0;
    long dAt = (q4K ? Q4KLaneLayout.D : KLaneLayout.d(mins)) - shift; // d, then dmin beside it
    int dCopy = (mins ? 2 : 1) * ROWS; // where rowFloats puts d's even/odd copy
    float[] acc = new float[count * ACCUMULATORS];
    float[] weights = new float[SUPER_BLOCK * ROWS];
    float[] rowScales = new float[4 * ROWS];
    float[] ds = new float[TOKENS * ROWS];
    float[] result = new float[ROWS];
    float[] minsSum = new float[ROWS];
    float[] minsScratch = new float[8 * ROWS];
    float[] evenOdd = new float[ROWS];
    int[] tokens = new int[TOKENS];
    for (int g = from; g < to; g++) {
      Arrays.fill(acc, 0f);
      MemorySegment w = groups[g];
      for (int i = 0; i < cols / SUPER_BLOCK; i++) {
        long chunk = i * chunkBytes;
        EvenOddLanes.rowFloats(w, chunk + dAt, mins ? 2 : 1, rowScales);
        if (q4K) {
          widenQ4K(w, chunk, weights);
        } else if (q5K) {
          widenQ5K(w, chunk, weights);
        } else {
          widen(w, chunk, weights);
        }
        for (int t = 0; t < count; t += TOKENS) {
          for (int u = 0; u < TOKENS; u++) {
            // past the last token, repeat it: the same sums written twice to the same place
            tokens[u] = Math.min(t + u, count - 1);
            float dy = x[tokens[u]].d()[i];
            FloatVector.fromArray(F, rowScales, dCopy).mul(dy).intoArray(ds, u * ROWS);
            FloatVector.fromArray(F, rowScales, dCopy + HALF_ROWS).mul(dy)
                .intoArray(ds, u * ROWS + HALF_ROWS);
          }
          fourTokens(weights, ds, y, tokens, i * SUPER_BLOCK, acc);
        }
        if (mins) {
          addMins(q4K, w, chunk - shift, rowScales, x, i, count, acc, minsScratch);
        }
      }
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        int at = t * ACCUMULATORS;
        if (q4K) {
          Q4KLaneQuadDots.minsSum(acc, at + MINS_ACC, minsSum);
          EvenOddLanes.sum(acc, at, minsSum, 0, evenOdd, result);
        } else {
          EvenOddLanes.sum(acc, at, mins ? acc : null, at + MINS_ACC, evenOdd, result);
        }
        System.arraycopy(result, 0, out[t], row0, n);
      }
    }
  }

  /**
   * Each token's mins step of super-block {@code i} ({@code chunk}: Q5_K's base, {@code
   * TAIL_SHIFT} before its chunk): Q4_K's by {@link Q4KLaneQuadDots#addMins}; Q5_K's, {@code
   * summs = fma(-dy * dmin, M, summs)} with {@code M = sum_j min_j * s_j}, with {@code M} formed
   * here in floats from mins widened once for all tokens (exact: at most {@code 8 * 63 * 4096 <
   * 2^24}). The decode kernel's own mins step, split out and called a token at a time from here,
   * ran as plain Java (past C2's inlining budget): Q5_K prompts were no faster than without
   * tiles.
   */
  private static void addMins(boolean q4K, MemorySegment w, long chunk, float[] rowScales,
      Q8KCodes[] x, int i, int count, float[] acc, float[] mins) {
    if (q4K) {
      for (int t = 0; t < count; t++) {
        Q4KLaneQuadDots.addMins(w, chunk, rowScales, x[t], i, acc, t * ACCUMULATORS);
      }
      return;
    }
    for (int j = 0; j < 8; j++) {
      store(KLaneRows.bytes(w, chunk + KLaneLayout.MINS + (long) j * ROWS), mins, j);
    }
    FloatVector dminEven = FloatVector.fromArray(F, rowScales, 3 * ROWS);
    FloatVector dminOdd = FloatVector.fromArray(F, rowScales, 3 * ROWS + HALF_ROWS);
    for (int t = 0; t < count; t++) {
      int[] sums = x[t].sums32();
      float dy = x[t].d()[i];
      FloatVector even = FloatVector.zero(F);
      FloatVector odd = FloatVector.zero(F);
      for (int j = 0; j < 8; j++) {
        FloatVector s = FloatVector.broadcast(F, sums[8 * i + j]);
        even = FloatVector.fromArray(F, mins, 32 * j).fma(s, even);
        odd = FloatVector.fromArray(F, mins, 32 * j + HALF_ROWS).fma(s, odd);
      }
      int a = t * ACCUMULATORS + MINS_ACC;
      even.fma(dminEven.mul(-dy), FloatVector.fromArray(F, acc, a)).intoArray(acc, a);
      odd.fma(dminOdd.mul(-dy), FloatVector.fromArray(F, acc, a + HALF_ROWS))
          .intoArray(acc, a + HALF_ROWS);
    }
  }

  /**
   * A Q4_K super-block ({@link Q4KLaneLayout}) as floats {@code scale * code}, column {@code e}'s
   * at {@code weights[32 POSITIONS[e] ..]}: its even rows' 16, then its odd rows'. Nibble byte
   * {@code 32p + q} holds column {@code 64p + q} (sub-block {@code 2p}) low and {@code 64p + 32 +
   * q} (sub-block {@code 2p + 1}) high.
   */
  private static void widenQ4K(MemorySegment w, long chunk, float[] weights) {
    for (int p = 0; p < 4; p++) {
      ShortVector lowScale = KLaneRows.bytes(w, chunk + Q4KLaneLayout.SCALES + 2L * p * ROWS);
      ShortVector highScale =
          KLaneRows.bytes(w, chunk + Q4KLaneLayout.SCALES + (2L * p + 1) * ROWS);
      for (int q = 0; q < 32; q++) {
        ShortVector codes = Q4KLaneDots.nibbles(w, chunk + (32L * p + q) * ROWS);
        store(codes.and((short) 15).mul(lowScale), weights, POSITIONS[64 * p + q]);
        store(codes.lanewise(VectorOperators.LSHR, 4).mul(highScale), weights,
            POSITIONS[64 * p + 32 + q]);
      }
    }
  }

  /**
   * A Q5_K super-block ({@link Q5KPackedLayout}) as {@link #widenQ4K} lays Q4_K's out: each
   * nibble with its fifth bit from the quad's pattern byte (bit {@code q % 4} for the low nibble's
   * code, {@code 4 + q % 4} for the high one's), times the sub-block's scale ({@link KLaneLayout}'s
   * scale of 16 at {@code 2j} for sub-block {@code j} of 32).
   */
  private static void widenQ5K(MemorySegment w, long chunk, float[] weights) {
    long scales = chunk - Q5KPackedLayout.TAIL_SHIFT + KLaneLayout.SCALES;
    for (int p = 0; p < 4; p++) {
      ShortVector lowScale = KLaneRows.bytes(w, scales + 4L * p * ROWS);
      ShortVector highScale = KLaneRows.bytes(w, scales + (4L * p + 2) * ROWS);
      for (int q = 0; q < 32; q++) {
        ShortVector codes = Q4KLaneDots.nibbles(w, chunk + (32L * p + q) * ROWS);
        ShortVector bits = Q4KLaneDots.nibbles(w,
            chunk + Q5KPackedLayout.FIFTH_BITS + (8L * p + q / 4) * ROWS);
        int k = q % 4;
        store(codes.and((short) 15).or(bits.lanewise(VectorOperators.LSHL, 4 - k).and((short) 16))
            .mul(lowScale), weights, POSITIONS[64 * p + q]);
        store(codes.lanewise(VectorOperators.LSHR, 4)
            .or(bits.lanewise(VectorOperators.LSHR, k).and((short) 16))
            .mul(highScale), weights, POSITIONS[64 * p + 32 + q]);
      }
    }
  }

  /**
   * A Q6_K super-block ({@link KLaneLayout}: a code a byte, 16 sub-blocks of 16 with a scale
   * each) as {@link #widenQ4K} lays Q4_K's out.
   */
  private static void widen(MemorySegment w, long chunk, float[] weights) {
    for (int j = 0; j < 16; j++) {
      ShortVector scale = KLaneRows.bytes(w, chunk + KLaneLayout.SCALES + (long) j * ROWS);
      for (int e = 16 * j; e < 16 * j + 16; e++) {
        store(KLaneRows.bytes(w, chunk + (long) e * ROWS).mul(scale), weights, POSITIONS[e]);
      }
    }
  }

  /**
   * Column position {@code c}'s 32 products {@code scale * code} (a short lane a row, exact: at
   * most 4096 in size) as floats at {@code weights[32 c ..]}, even rows, then odd.
   */
  private static void store(ShortVector products, float[] weights, int c) {
    IntVector rows = products.reinterpretAsInts();
    KLaneRows.toFloats(EvenOddLanes.even(rows)).intoArray(weights, 32 * c);
    KLaneRows.toFloats(EvenOddLanes.odd(rows)).intoArray(weights, 32 * c + HALF_ROWS);
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
