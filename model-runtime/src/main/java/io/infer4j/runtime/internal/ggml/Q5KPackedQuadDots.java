package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.EvenOddLanes.HALF_ROWS;
import static io.infer4j.runtime.internal.ggml.EvenOddLanes.ROWS;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.MINS;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.SCALES;
import static io.infer4j.runtime.internal.ggml.KLaneRows.I;
import static io.infer4j.runtime.internal.ggml.KLaneRows.S;
import static io.infer4j.runtime.internal.ggml.Q5KPackedLayout.CHUNK_BYTES;
import static io.infer4j.runtime.internal.ggml.Q5KPackedLayout.FIFTH_BITS;
import static io.infer4j.runtime.internal.ggml.Q5KPackedLayout.TAIL;
import static io.infer4j.runtime.internal.ggml.Q5KPackedLayout.TAIL_SHIFT;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q5_K rows in {@link Q5KPackedLayout} (five-bit codes, a row per 16-bit lane)
 * with Q8_K activation codes in the float order of llama.cpp b4916's x86 AVX2 {@code
 * ggml_vec_dot_q5_K_q8_K} ({@link KDots#q5K}), bit for bit: {@code KernelMode.GGML}'s Q5_K decode
 * (batches below {@link KLaneQuadTiles#MIN_TOKENS} tokens).
 *
 * <p>ggml's lane {@code l} of a row sums, over the 8 sub-blocks of 32, the sub-block's scale
 * times the products of its quad {@code 4l .. 4l + 3}. A quad's products are formed in 16-bit
 * lanes as {@link Q4KLaneQuadDots} forms Q4_K's, from the low four bits of each code; the fifth
 * bits add {@code 16 y} for each code that has one, which for the quad is one of 16 sums fixed by
 * the activations alone: {@link #fifthBitTables(short[])} holds them per quad and token, and the row's
 * 4-bit pattern picks its sum ({@code selectFrom}, one permute for 32 rows). A quad stays within
 * a short ({@code 4 * 31 * 128}); scaled and summed over the sub-blocks in floats it stays an
 * exact integer ({@code 8 * 63 * 15872 < 2^24}), as in {@link KLaneQuadDots}, so the lane sums
 * are ggml's integers; then {@code acc_l = fma(dy * x.d, L_l, acc_l)} and the mins' {@code summs}
 * as there. Needs 512-bit vectors ({@link WideLanes#NATIVE}). Stateless.
 */
final class Q5KPackedQuadDots {
  private static final int SUPER_BLOCK = Q5KPackedLayout.SUPER_BLOCK;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  /** Floats of one token's accumulators: 8 code lanes, then the mins', 32 rows each. */
  private static final int ACCUMULATORS = 9 * ROWS;
  /** The mins accumulator's offset in a token's accumulators. */
  private static final int MINS_ACC = 8 * ROWS;
  /** Where {@code codeLanes} keeps the sub-blocks' scales, as floats, after the 8 lanes. */
  private static final int SCALE_FLOATS = 8 * ROWS;
  /** Shorts of one quad's table: a 512-bit vector, the 16 sums then zeros. */
  private static final int TABLE = 32;
  /** Lane {@code p} ({@code p < 16}) of {@code BIT[k]}: 16 if bit {@code k} of {@code p} is set. */
  private static final ShortVector[] BIT = new ShortVector[4];

  static {
    for (int k = 0; k < 4; k++) {
      short[] lanes = new short[TABLE];
      for (int p = 0; p < 16; p++) {
        lanes[p] = (short) ((p >> k & 1) * 16);
      }
      BIT[k] = ShortVector.fromArray(S, lanes, 0);
    }
  }

  private Q5KPackedQuadDots() {}

  /** {@link #fifthBitTables(short[])} of each of the first {@code n} tokens' codes. */
  static short[][] fifthBitTables(Q8KCodes[] x, int n) {
    short[][] tables = new short[n][];
    for (int t = 0; t < n; t++) {
      tables[t] = fifthBitTables(x[t].wide());
    }
    return tables;
  }

  /**
   * For activation codes {@code y}: quad {@code u}'s table at {@code [32u, 32u + 16)}, entry
   * {@code p} the sum of {@code 16 y[4u + k]} over the bits {@code k} set in {@code p} (what the
   * fifth bits of a quad whose pattern is {@code p} add), then 16 zeros.
   */
  static short[] fifthBitTables(short[] y) {
    short[] tables = new short[y.length / 4 * TABLE];
    for (int u = 0; u < y.length / 4; u++) {
      BIT[0].mul(y[4 * u]).add(BIT[1].mul(y[4 * u + 1]))
          .add(BIT[2].mul(y[4 * u + 2])).add(BIT[3].mul(y[4 * u + 3]))
          .intoArray(tables, u * TABLE);
    }
    return tables;
  }

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the rows of groups {@code [from,
   * to)} of the {@code rows x cols} matrix in {@code groups}, {@code tables[t]} token {@code t}'s
   * {@link #fifthBitTables(short[])}; rows past {@code rows} (the last group's padding) left out.
   */
  static void groups(MemorySegment[] groups, int rows, int cols, Q8KCodes[] x, short[][] tables,
      int count, int from, int to, float[][] out) {
    float[] acc = new float[count * ACCUMULATORS];
    float[] lanes = new float[SCALE_FLOATS + 8 * ROWS];
    float[] rowScales = new float[4 * ROWS]; // d and dmin as the file holds them, then even/odd
    float[] result = new float[ROWS];
    float[] evenOdd = new float[ROWS];
    byte[] codes = new byte[(int) TAIL]; // a chunk's nibbles and fifth bits, staged
    for (int g = from; g < to; g++) {
      java.util.Arrays.fill(acc, 0f);
      MemorySegment w = groups[g];
      for (int i = 0; i < cols / SUPER_BLOCK; i++) {
        long chunk = i * CHUNK_BYTES;
        long base = chunk - TAIL_SHIFT; // KLaneLayout's offsets from here: the scales on
        EvenOddLanes.rowFloats(w, base + KLaneLayout.d(true), 2, rowScales); // d, dmin adjacent
        KLaneRows.stage(w, chunk, codes);
        for (int t = 0; t < count; t++) {
          codeLanes(codes, w, base, x[t].wide(), tables[t], i * SUPER_BLOCK, lanes);
          addSuperBlock(w, base, rowScales, x[t], i, lanes, acc, t * ACCUMULATORS);
        }
      }
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        EvenOddLanes.sum(acc, t * ACCUMULATORS, acc, t * ACCUMULATORS + MINS_ACC, evenOdd,
            result);
        System.arraycopy(result, 0, out[t], row0, n);
      }
    }
  }

  /**
   * {@code lanes[32l ..]}: {@code L_l} of the super-block whose nibbles and fifth bits are staged
   * in {@code codes} and whose scales are at {@code base + SCALES} of {@code w}, even rows then
   * odd, against activation codes {@code y[y0 ..]} and their {@code table}. Each lane's quads of
   * sub-blocks {@code 2g} (low nibbles) and {@code 2g + 1} (high), their fifth bits' sums looked
   * up, then times the sub-blocks' scales in floats (exact, see the class comment). The even/odd
   * splits and conversions are written out, not called: past C2's inlining budget a helper call
   * passes its vectors boxed (a first form with them called ran 4x slower in a harness).
   *
   * <p>One method of more than 325 bytes of bytecode, for the reason {@link KLaneQuadDots}'
   * {@code codeLanes} is ({@code StandaloneKernelStepsTest}).
   */
  private static void codeLanes(byte[] codes, MemorySegment w, long base, short[] y,
      short[] table, int y0, float[] lanes) {
    Objects.checkFromIndexSize(0, (int) TAIL, codes.length);
    Objects.checkFromIndexSize(y0, SUPER_BLOCK, y.length);
    Objects.checkFromIndexSize(y0 / 4 * TABLE, SUPER_BLOCK / 4 * TABLE, table.length);
    Objects.checkFromIndexSize(0, SCALE_FLOATS + 8 * ROWS, lanes.length);
    for (int j = 0; j < 8; j++) { // sub-block j of 32: its scale is the one of 16 at 2j
      IntVector scale =
          KLaneRows.bytes(w, base + SCALES + 2L * j * ROWS).reinterpretAsInts();
      KLaneRows.toFloats(EvenOddLanes.even(scale)).intoArray(lanes, SCALE_FLOATS + j * ROWS);
      KLaneRows.toFloats(EvenOddLanes.odd(scale))
          .intoArray(lanes, SCALE_FLOATS + j * ROWS + HALF_ROWS);
    }
    int u0 = y0 / 4; // the super-block's first quad
    for (int l = 0; l < 8; l++) {
      FloatVector even = FloatVector.zero(F);
      FloatVector odd = FloatVector.zero(F);
      for (int g = 0; g < 4; g++) {
        ShortVector low = ShortVector.zero(S);
        ShortVector high = ShortVector.zero(S);
        for (int k = 0; k < 4; k++) {
          int q = 4 * l + k;
          ShortVector pair = Q4KLaneDots.nibbles(codes, (32 * g + q) * ROWS);
          int e = y0 + 64 * g + q;
          low = low.add(pair.and((short) 15).mul(y[e]));
          high = high.add(pair.lanewise(VectorOperators.LSHR, 4).mul(y[e + 32]));
        }
        ShortVector bits = Q4KLaneDots.nibbles(codes, (int) FIFTH_BITS + (8 * g + l) * ROWS);
        low = low.add(bits.and((short) 15)
            .selectFrom(ShortVector.fromArray(S, table, (u0 + 16 * g + l) * TABLE)));
        high = high.add(bits.lanewise(VectorOperators.LSHR, 4)
            .selectFrom(ShortVector.fromArray(S, table, (u0 + 16 * g + 8 + l) * TABLE)));
        IntVector lows = low.reinterpretAsInts();
        IntVector highs = high.reinterpretAsInts();
        int lowScale = SCALE_FLOATS + 2 * g * ROWS;
        int highScale = lowScale + ROWS;
        even = ((FloatVector) lows.lanewise(VectorOperators.LSHL, 16)
            .lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0))
            .fma(FloatVector.fromArray(F, lanes, lowScale), even);
        odd = ((FloatVector) lows.lanewise(VectorOperators.ASHR, 16)
            .convert(VectorOperators.I2F, 0))
            .fma(FloatVector.fromArray(F, lanes, lowScale + HALF_ROWS), odd);
        even = ((FloatVector) highs.lanewise(VectorOperators.LSHL, 16)
            .lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0))
            .fma(FloatVector.fromArray(F, lanes, highScale), even);
        odd = ((FloatVector) highs.lanewise(VectorOperators.ASHR, 16)
            .convert(VectorOperators.I2F, 0))
            .fma(FloatVector.fromArray(F, lanes, highScale + HALF_ROWS), odd);
      }
      even.intoArray(lanes, l * ROWS);
      odd.intoArray(lanes, l * ROWS + HALF_ROWS);
    }
  }

  /**
   * The float steps of super-block {@code i} for one token, even rows then odd, as {@link
   * KLaneQuadDots}' are for Q5_K: {@code acc_l = fma(dy * x.d, L_l, acc_l)} for the 8 code lanes,
   * {@code summs = fma(-dy * x.dmin, M, summs)} with {@code M = sum_j min_j * s_j}.
   */
  private static void addSuperBlock(MemorySegment w, long base, float[] rowScales, Q8KCodes x,
      int i, float[] lanes, float[] acc, int at) {
    KLaneQuadDots.addSuperBlock(rowScales, 2 * ROWS, x, i, lanes, acc, at); // d's even/odd copy
    float dy = x.d()[i];
    int[] sums = x.sums32();
    IntVector even = IntVector.zero(I);
    IntVector odd = IntVector.zero(I);
    for (int j = 0; j < 8; j++) {
      int s = sums[8 * i + j];
      IntVector m = KLaneRows.bytes(w, base + MINS + (long) j * ROWS).reinterpretAsInts();
      even = even.add(m.and(0xFFFF).mul(s)); // mins are below 64
      odd = odd.add(m.lanewise(VectorOperators.LSHR, 16).mul(s));
    }
    int a = at + MINS_ACC;
    FloatVector dminEven = FloatVector.fromArray(F, rowScales, 3 * ROWS).mul(-dy);
    FloatVector dminOdd = FloatVector.fromArray(F, rowScales, 3 * ROWS + HALF_ROWS).mul(-dy);
    KLaneRows.toFloats(even).fma(dminEven, FloatVector.fromArray(F, acc, a))
        .intoArray(acc, a);
    KLaneRows.toFloats(odd).fma(dminOdd, FloatVector.fromArray(F, acc, a + HALF_ROWS))
        .intoArray(acc, a + HALF_ROWS);
  }
}
