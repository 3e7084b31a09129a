package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.EvenOddLanes.HALF_ROWS;
import static io.infer4j.runtime.internal.ggml.EvenOddLanes.ROWS;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.SCALES;
import static io.infer4j.runtime.internal.ggml.KLaneRows.S;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q6_K rows in {@link KLaneLayout} (codes unpacked, a row per 16-bit lane) with
 * Q8_K activation codes in the float order of llama.cpp b4916's x86 AVX2 {@code
 * ggml_vec_dot_q6_K_q8_K} ({@link KDots#q6K}), bit for bit, as {@link Q4KLaneQuadDots} does for
 * Q4_K and {@link Q5KPackedQuadDots} for Q5_K.
 *
 * <p>Per super-block, ggml's code accumulator {@code l} of a row takes {@code fma(dy * x.d, L_l,
 * acc_l)}, {@code L_l} the exact sum over the 16 sub-blocks of 16 of the sub-block's (signed)
 * scale times its products that fall in lane {@code l} (elements {@code e} with {@code (e % 32) /
 * 4 == l}: a sub-block of 16 feeds lanes 0-3 or 4-7); Q6_K has no mins. Four products of a code
 * ({@code -32..31}) and an activation ({@code +-127}) stay within a short. Needs 512-bit vectors
 * ({@link WideLanes#NATIVE}). Stateless.
 */
final class KLaneQuadDots {
  private static final int SUPER_BLOCK = KLaneLayout.SUPER_BLOCK;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  /** Floats of one token's accumulators: 8 code lanes, 32 rows each. */
  private static final int ACCUMULATORS = 8 * ROWS;
  /** Where {@code codeLanes} keeps the sub-blocks' scales, as floats, after the 8 lanes. */
  private static final int SCALE_FLOATS = 8 * ROWS;

  private KLaneQuadDots() {}

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the rows of groups {@code [from,
   * to)} of the {@code rows x cols} Q6_K matrix regrouped in {@code groups}, rows past {@code
   * rows} (the last group's padding) left out.
   */
  static void groups(MemorySegment[] groups, int rows, int cols, Q8KCodes[] x, int count,
      int from, int to, float[][] out) {
    long chunkBytes = KLaneLayout.chunkBytes(false);
    float[] acc = new float[count * ACCUMULATORS];
    float[] lanes = new float[SCALE_FLOATS + 16 * ROWS];
    float[] rowScales = new float[2 * ROWS]; // d as the file holds it, then even/odd
    float[] result = new float[ROWS];
    float[] evenOdd = new float[ROWS];
    byte[] codes = new byte[(int) SCALES]; // a chunk's codes, staged (KLaneRows.stage)
    for (int g = from; g < to; g++) {
      java.util.Arrays.fill(acc, 0f);
      MemorySegment w = groups[g];
      for (int i = 0; i < cols / SUPER_BLOCK; i++) {
        long chunk = i * chunkBytes;
        EvenOddLanes.rowFloats(w, chunk + KLaneLayout.d(false), 1, rowScales);
        KLaneRows.stage(w, chunk, codes);
        for (int t = 0; t < count; t++) {
          codeLanes(codes, w, chunk, x[t].wide(), i * SUPER_BLOCK, lanes);
          addSuperBlock(rowScales, ROWS, x[t], i, lanes, acc, t * ACCUMULATORS); // d's copy
        }
      }
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        EvenOddLanes.sum(acc, t * ACCUMULATORS, null, 0, evenOdd, result);
        System.arraycopy(result, 0, out[t], row0, n);
      }
    }
  }

  /**
   * {@code lanes[32l ..]}: {@code L_l} of super-block {@code chunk}, its codes staged in {@code
   * codes} ({@link KLaneRows#stage}), even rows then odd, against activation codes {@code y[y0
   * ..]}: sub-block {@code j} (elements {@code 16j ..}) feeds lanes {@code
   * 4(j % 2) ..}, its quads times its scale. A lane at a time, its sum in registers, the scales
   * split into even and odd rows once beforehand (at {@code lanes[SCALE_FLOATS ..]}): decode 1.11x
   * (Q6_K) and 1.20x (Q5_K) as fast as adding each quad into the array (medians of three
   * alternating pairs, 2026-12-06). The sums are formed in floats, a fused multiply-add of the
   * quad's sum and the scale (both widened to floats) a sub-block: exact, as every partial sum is
   * an integer of at most {@code 8 * 4 * 32 * 128 * 128 = 2^24} in size (Q6_K at its extremes;
   * Q5_K's at most {@code 8 * 4 * 31 * 128 * 63}), so the lane sums are the integer ones; it
   * spares the 32-bit integer multiplies ({@code vpmulld}: two micro-ops on one port of Intel
   * cores): Q6_K decode 1.17x as fast on a 1.1B-parameter file, 1.6x on a 110 MB one read from
   * the L3 cache (alternating runs, Xeon host, 2026-12-06; Q5_K the same within noise).
   *
   * <p>One method of more than 325 bytes of bytecode ({@code StandaloneKernelStepsTest}), for the
   * reason {@link Q4KLaneQuadDots}'s {@code codeLanes} is; its checks of the arrays' sizes, which
   * state its contract, keep it there (309 bytes without them: in a trial build whose {@link
   * #groups} had grown by 45 bytes, C2 inlined it there, and Q5_K decoded at a third to half its
   * speed in 5 of 9 fresh JVMs).
   */
  private static void codeLanes(byte[] codes, MemorySegment w, long chunk, short[] y, int y0,
      float[] lanes) {
    Objects.checkFromIndexSize(0, (int) SCALES, codes.length);
    Objects.checkFromIndexSize(y0, SUPER_BLOCK, y.length);
    Objects.checkFromIndexSize(0, SCALE_FLOATS + 16 * ROWS, lanes.length);
    float[] scales = lanes; // the 16 sub-blocks' scales, even rows then odd, above the lanes
    for (int j = 0; j < 16; j++) {
      IntVector scale = KLaneRows.bytes(w, chunk + SCALES + (long) j * ROWS).reinterpretAsInts();
      KLaneRows.toFloats(EvenOddLanes.even(scale)) // Q6_K's are signed
          .intoArray(scales, SCALE_FLOATS + j * ROWS);
      KLaneRows.toFloats(EvenOddLanes.odd(scale))
          .intoArray(scales, SCALE_FLOATS + j * ROWS + HALF_ROWS);
    }
    for (int l = 0; l < 8; l++) {
      FloatVector even = FloatVector.zero(F);
      FloatVector odd = FloatVector.zero(F);
      for (int j = l / 4; j < 16; j += 2) { // the sub-blocks of 16 that feed lane l
        ShortVector products = ShortVector.zero(S);
        for (int k = 0; k < 4; k++) {
          int e = 16 * j + 4 * (l % 4) + k;
          products = products.add(KLaneRows.bytes(codes, e * ROWS).mul(y[y0 + e]));
        }
        IntVector pairs = products.reinterpretAsInts();
        even = KLaneRows.toFloats(EvenOddLanes.even(pairs))
            .fma(FloatVector.fromArray(F, scales, SCALE_FLOATS + j * ROWS), even);
        odd = KLaneRows.toFloats(EvenOddLanes.odd(pairs))
            .fma(FloatVector.fromArray(F, scales, SCALE_FLOATS + j * ROWS + HALF_ROWS), odd);
      }
      even.intoArray(lanes, l * ROWS);
      odd.intoArray(lanes, l * ROWS + HALF_ROWS);
    }
  }

  /**
   * The float steps of super-block {@code i} for one token, even rows then odd: {@code acc_l =
   * fma(dy * x.d, L_l, acc_l)} for the 8 code lanes at {@code lanes[32l ..]} into {@code acc[at +
   * 32l ..]}, with the rows' {@code x.d} at {@code rowScales[dAt ..]} (even rows, then odd); shared
   * with {@link Q5KPackedQuadDots}.
   */
  static void addSuperBlock(float[] rowScales, int dAt, Q8KCodes x, int i, float[] lanes,
      float[] acc, int at) {
    float dy = x.d()[i];
    for (int h = 0; h < ROWS; h += HALF_ROWS) {
      FloatVector d = FloatVector.fromArray(F, rowScales, dAt + h).mul(dy);
      for (int l = 0; l < 8; l++) {
        int a = at + l * ROWS + h;
        FloatVector.fromArray(F, lanes, l * ROWS + h)
            .fma(d, FloatVector.fromArray(F, acc, a)).intoArray(acc, a);
      }
    }
  }
}
