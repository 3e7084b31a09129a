package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.KLaneRows.I;
import static io.infer4j.runtime.internal.ggml.KLaneRows.S;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.CHUNK_BYTES;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.D;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.MINS;
import static io.infer4j.runtime.internal.ggml.Q4KLaneLayout.SCALES;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q4_K rows in {@link Q4KLaneLayout} with Q8_K activation codes in the float order
 * of llama.cpp b4916's x86 AVX2 {@code ggml_vec_dot_q4_K_q8_K} ({@link KDots#q4K}), bit for bit,
 * with a row per vector lane.
 *
 * <p>ggml keeps 8 float accumulators per row for the codes and 4 for the mins. Per super-block,
 * code accumulator {@code l} takes {@code fma(d, L_l, acc_l)}, where {@code L_l} is the exact sum,
 * over the 8 sub-blocks, of the sub-block's scale times its products {@code 4l .. 4l+3}, and {@code
 * d = dy * x.d}; mins accumulator {@code k} takes {@code fma(-dy * x.dmin, M_k, accm_k)} with
 * {@code M_k} the mins of sub-blocks {@code 2k} and {@code 2k+1} times the activations' sums of 32.
 * At the end, {@code hsum_float_8} of the 8 plus {@code (accm_0 + accm_2) + (accm_1 + accm_3)}.
 * Here each accumulator of 16 rows is one 16-lane float vector, kept in an array (as in {@code
 * Q8LaneQuadDots}, 24 vectors of live accumulators are more code than the JIT compiler inlines).
 * The 32 rows of a group are worked as even and odd rows ({@link EvenOddLanes}); the rows' {@code
 * d} and {@code dmin} are gathered in that order and the results put back in row order at the
 * end. Compared with {@link Q4KLaneDots}, which sums a sub-block's 32 products per row as one
 * integer, this keeps 8 integers per row, each scaled, and 8 fused multiply-adds per super-block
 * instead of one. Its lane sums stay in an array, added quad by quad (with each sum in registers
 * a lane at a time, as {@link KLaneQuadDots} keeps them, decode ran at half the speed: past the
 * JIT's inlining budget). Needs 512-bit vectors ({@link WideLanes#NATIVE}). Stateless.
 */
final class Q4KLaneQuadDots {
  private static final int ROWS = Q4KLaneLayout.ROWS;
  private static final int HALF_ROWS = ROWS / 2;
  private static final int SUPER_BLOCK = Q4KLaneLayout.SUPER_BLOCK;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  /**
   * Floats of one token's accumulators: 8 code lanes, then 4 mins lanes, 32 rows each ({@link
   * KLaneQuadTiles} keeps its tokens' the same way, Q5_K's one mins lane in the first of the 4).
   */
  static final int ACCUMULATORS = 12 * ROWS;
  /** The mins accumulators' offset in a token's accumulators. */
  static final int MINS_ACC = 8 * ROWS;

  private Q4KLaneQuadDots() {}

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the rows of groups {@code [from,
   * to)} of the {@code rows x cols} Q4_K matrix regrouped in {@code groups}, rows past {@code
   * rows} (the last group's padding) left out.
   */
  static void groups(MemorySegment[] groups, int rows, int cols, Q8KCodes[] x, int count,
      int from, int to, float[][] out) {
    float[] acc = new float[count * ACCUMULATORS];
    int[] lanes = new int[8 * ROWS];
    float[] rowScales = new float[4 * ROWS]; // d and dmin as the file holds them, then even/odd
    float[] result = new float[ROWS];
    float[] mins = new float[ROWS];
    float[] evenOdd = new float[ROWS];
    byte[] codes = new byte[(int) SCALES]; // a chunk's nibbles, staged (KLaneRows.stage)
    for (int g = from; g < to; g++) {
      java.util.Arrays.fill(acc, 0f);
      MemorySegment w = groups[g];
      for (int i = 0; i < cols / SUPER_BLOCK; i++) {
        long chunk = i * CHUNK_BYTES;
        EvenOddLanes.rowFloats(w, chunk + D, 2, rowScales); // D and DMIN are adjacent
        KLaneRows.stage(w, chunk, codes);
        for (int t = 0; t < count; t++) {
          codeLanes(codes, w, chunk, x[t].wide(), i * SUPER_BLOCK, lanes);
          addSuperBlock(w, chunk, rowScales, x[t], i, lanes, acc, t * ACCUMULATORS);
        }
      }
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        minsSum(acc, t * ACCUMULATORS + MINS_ACC, mins);
        EvenOddLanes.sum(acc, t * ACCUMULATORS, mins, 0, evenOdd, result);
        System.arraycopy(result, 0, out[t], row0, n);
      }
    }
  }

  /**
   * {@code lanes[32l ..]}: {@code L_l} of super-block {@code chunk}, its nibbles staged in {@code
   * codes} ({@link KLaneRows#stage}), the even rows then the odd ones, against activation codes
   * {@code y[y0 ..]}. Byte {@code 32p + q} of the codes holds code {@code 64p
   * + q} (low nibble, sub-block {@code 2p}) and {@code 64p + 32 + q} (high nibble, sub-block
   * {@code 2p + 1}), both in ggml's lane {@code q / 4}. Four products of a 4-bit code and an 8-bit
   * activation stay within a short ({@code 4 * 15 * 128}); times a 6-bit scale and summed over 8
   * sub-blocks, within an int. The loop over a lane's four codes has a constant count, which C2
   * unrolls whole; from {@code 4l} to {@code 4l + 4} it made pre, main and post loops: decode
   * 1.02x (quartiles 0.99-1.05x), the two forms switched every 4 tokens in one JVM
   * (benchmarks/README.md, 2026-12-07).
   *
   * <p>One method of more than 325 bytes of bytecode ({@code FreqInlineSize}; {@code
   * StandaloneKernelStepsTest}), so that C2 compiles
   * it on its own rather than inline it into {@link #groups}, whose inlining budget ({@code
   * NodeCountInliningCutoff}) then ran out within a step, and the Vector API calls it left as
   * calls ran as plain Java (several times slower).
   */
  private static void codeLanes(byte[] codes, MemorySegment w, long chunk, short[] y, int y0,
      int[] lanes) {
    java.util.Arrays.fill(lanes, 0);
    for (int p = 0; p < 4; p++) {
      IntVector lowScale = KLaneRows.bytes(w, chunk + SCALES + 2L * p * ROWS).reinterpretAsInts();
      IntVector highScale =
          KLaneRows.bytes(w, chunk + SCALES + (2L * p + 1) * ROWS).reinterpretAsInts();
      IntVector lowScaleEven = lowScale.and(0xFFFF); // scales are below 64: no sign to extend
      IntVector lowScaleOdd = lowScale.lanewise(VectorOperators.LSHR, 16);
      IntVector highScaleEven = highScale.and(0xFFFF);
      IntVector highScaleOdd = highScale.lanewise(VectorOperators.LSHR, 16);
      for (int l = 0; l < 8; l++) {
        ShortVector low = ShortVector.zero(S);
        ShortVector high = ShortVector.zero(S);
        for (int k = 0; k < 4; k++) { // a constant count: C2 unrolls it whole
          int q = 4 * l + k;
          ShortVector pair = Q4KLaneDots.nibbles(codes, (32 * p + q) * ROWS);
          int e = y0 + 64 * p + q;
          low = low.add(pair.and((short) 15).mul(y[e]));
          high = high.add(pair.lanewise(VectorOperators.LSHR, 4).mul(y[e + 32]));
        }
        IntVector lows = low.reinterpretAsInts();
        IntVector highs = high.reinterpretAsInts();
        int at = l * ROWS;
        IntVector.fromArray(I, lanes, at)
            .add(EvenOddLanes.even(lows).mul(lowScaleEven))
            .add(EvenOddLanes.even(highs).mul(highScaleEven))
            .intoArray(lanes, at);
        IntVector.fromArray(I, lanes, at + HALF_ROWS)
            .add(EvenOddLanes.odd(lows).mul(lowScaleOdd))
            .add(EvenOddLanes.odd(highs).mul(highScaleOdd))
            .intoArray(lanes, at + HALF_ROWS);
      }
    }
  }

  /**
   * The float steps of super-block {@code i} for one token, even rows then odd: {@code acc_l =
   * fma(dy * x.d, L_l, acc_l)} for the 8 code lanes, and {@code accm_k = fma(-dy * x.dmin, M_k,
   * accm_k)} for the 4 mins lanes, {@code M_k = min_2k * s_2k + min_2k+1 * s_2k+1} with {@code s}
   * the activations' sums of 32 ({@code _mm_madd_epi16} of the mins and the pairwise-added sums
   * of 16).
   */
  private static void addSuperBlock(MemorySegment w, long chunk, float[] rowScales, Q8KCodes x,
      int i, int[] lanes, float[] acc, int at) {
    float dy = x.d()[i];
    for (int h = 0; h < ROWS; h += HALF_ROWS) {
      FloatVector d = FloatVector.fromArray(F, rowScales, 2 * ROWS + h).mul(dy);
      for (int l = 0; l < 8; l++) {
        int a = at + l * ROWS + h;
        KLaneRows.toFloats(IntVector.fromArray(I, lanes, l * ROWS + h))
            .fma(d, FloatVector.fromArray(F, acc, a)).intoArray(acc, a);
      }
    }
    addMins(w, chunk, rowScales, x, i, acc, at);
  }

  /**
   * The mins' step of super-block {@code i} for one token: {@code accm_k = fma(-dy * x.dmin, M_k,
   * accm_k)}, as {@link #addSuperBlock} describes; shared with {@link KLaneQuadTiles}.
   */
  static void addMins(MemorySegment w, long chunk, float[] rowScales, Q8KCodes x, int i,
      float[] acc, int at) {
    float dy = x.d()[i];
    int[] sums = x.sums32();
    FloatVector dminEven = FloatVector.fromArray(F, rowScales, 3 * ROWS).mul(-dy);
    FloatVector dminOdd = FloatVector.fromArray(F, rowScales, 3 * ROWS + HALF_ROWS).mul(-dy);
    for (int k = 0; k < 4; k++) {
      int s0 = sums[8 * i + 2 * k];
      int s1 = sums[8 * i + 2 * k + 1];
      IntVector m0 = KLaneRows.bytes(w, chunk + MINS + 2L * k * ROWS).reinterpretAsInts();
      IntVector m1 = KLaneRows.bytes(w, chunk + MINS + (2L * k + 1) * ROWS).reinterpretAsInts();
      int a = at + MINS_ACC + k * ROWS;
      // mins are below 64: no sign to extend
      KLaneRows.toFloats(m0.and(0xFFFF).mul(s0).add(m1.and(0xFFFF).mul(s1)))
          .fma(dminEven, FloatVector.fromArray(F, acc, a)).intoArray(acc, a);
      KLaneRows.toFloats(m0.lanewise(VectorOperators.LSHR, 16).mul(s0)
              .add(m1.lanewise(VectorOperators.LSHR, 16).mul(s1)))
          .fma(dminOdd, FloatVector.fromArray(F, acc, a + HALF_ROWS))
          .intoArray(acc, a + HALF_ROWS);
    }
  }

  /** {@code (accm_0 + accm_2) + (accm_1 + accm_3)} of the 4 mins lanes at {@code acc[at ..]}. */
  static void minsSum(float[] acc, int at, float[] mins) {
    for (int h = 0; h < ROWS; h += HALF_ROWS) {
      FloatVector m0 = EvenOddLanes.lane(acc, at, 0, h);
      FloatVector m1 = EvenOddLanes.lane(acc, at, 1, h);
      FloatVector m2 = EvenOddLanes.lane(acc, at, 2, h);
      FloatVector m3 = EvenOddLanes.lane(acc, at, 3, h);
      m0.add(m2).add(m1.add(m3)).intoArray(mins, h);
    }
  }
}
