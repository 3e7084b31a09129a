package io.infer4j.runtime.internal.ggml;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The steps {@link Q4KLaneQuadDots} and {@link KLaneQuadDots} share: a group of 32 rows worked as
 * its even rows and its odd rows, the two halves of each 32-bit lane of their 16-bit products
 * (split by shifts: widening conversions cost the JIT so much of its inlining budget that a step
 * with all of them was left half inlined, several times slower), each accumulator of ggml's
 * 8-lane order a 16-lane float vector kept in an array (8 code lanes of 32 rows from offset 0,
 * then whatever else the kernel adds). Needs 512-bit vectors. Stateless.
 */
final class EvenOddLanes {
  static final int ROWS = KLaneRows.ROWS;
  static final int HALF_ROWS = ROWS / 2;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final ValueLayout.OfFloat FLOAT =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  /** Row order of the accumulators: the even rows, then the odd ones. */
  private static final int[] EVEN_ODD = new int[ROWS];

  static {
    for (int i = 0; i < HALF_ROWS; i++) {
      EVEN_ODD[i] = 2 * i;
      EVEN_ODD[HALF_ROWS + i] = 2 * i + 1;
    }
  }

  private EvenOddLanes() {}

  /** The even rows' shorts of {@code v}'s 32-bit lanes (the low halves), sign-extended. */
  static IntVector even(IntVector v) {
    return v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16);
  }

  /** The odd rows' shorts of {@code v}'s 32-bit lanes (the high halves), sign-extended. */
  static IntVector odd(IntVector v) {
    return v.lanewise(VectorOperators.ASHR, 16);
  }

  /**
   * {@code parts} runs of 32 per-row floats at byte {@code at} of {@code w} (4 bytes a row, the
   * runs adjacent), even rows first, into {@code out[32 * (parts + j) ..]} for run {@code j};
   * {@code out[0, 32 * parts)} is scratch.
   */
  static void rowFloats(MemorySegment w, long at, int parts, float[] out) {
    MemorySegment.copy(w, FLOAT, at, out, 0, parts * ROWS);
    for (int part = 0; part < parts; part++) {
      for (int h = 0; h < ROWS; h += HALF_ROWS) {
        FloatVector.fromArray(F, out, part * ROWS, EVEN_ODD, h)
            .intoArray(out, (parts + part) * ROWS + h);
      }
    }
  }

  /**
   * {@code hsum_float_8} of the 8 code lanes at {@code acc[at ..]} plus {@code extra[extraAt ..
   * extraAt + 32)} (the kernel's sum of its other lanes, even rows then odd; {@code extra} null
   * for none: nothing added, not even a zero, which would turn a {@code -0.0} into {@code 0.0}),
   * in row order into {@code result}; {@code evenOdd} (32 floats) is scratch.
   */
  static void sum(float[] acc, int at, float[] extra, int extraAt, float[] evenOdd,
      float[] result) {
    for (int h = 0; h < ROWS; h += HALF_ROWS) {
      FloatVector a0 = lane(acc, at, 0, h);
      FloatVector a1 = lane(acc, at, 1, h);
      FloatVector a2 = lane(acc, at, 2, h);
      FloatVector a3 = lane(acc, at, 3, h);
      FloatVector a4 = lane(acc, at, 4, h);
      FloatVector a5 = lane(acc, at, 5, h);
      FloatVector a6 = lane(acc, at, 6, h);
      FloatVector a7 = lane(acc, at, 7, h);
      FloatVector codes = a4.add(a0).add(a6.add(a2)).add(a5.add(a1).add(a7.add(a3)));
      if (extra != null) {
        codes = codes.add(FloatVector.fromArray(F, extra, extraAt + h));
      }
      codes.intoArray(evenOdd, h);
    }
    for (int r = 0; r < ROWS; r++) {
      result[EVEN_ODD[r]] = evenOdd[r];
    }
  }

  /** Accumulator lane {@code l} of rows {@code h ..} (even rows 0, odd 16) of a token's. */
  static FloatVector lane(float[] acc, int at, int l, int h) {
    return FloatVector.fromArray(F, acc, at + l * ROWS + h);
  }
}
