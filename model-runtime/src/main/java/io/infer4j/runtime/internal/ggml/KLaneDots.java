package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.KLaneLayout.CHUNK_BYTES;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.D;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.DMIN;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.MINS;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.ROWS;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.SCALES;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.SUPER_BLOCK;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q5_K and Q6_K rows in {@link KLaneLayout} (codes unpacked, a row per 16-bit
 * lane) with activations quantized to Q8_K, as {@link Q4KLaneDots} does for Q4_K: each element's
 * 32 codes are one vector, multiplied by the activation code, broadcast. A 16-bit lane adds eight
 * products (at most {@code 8 * 32 * 127 = 32512 < 2^15}: Q6_K's codes reach -32, {@link
 * Q8KQuantizer}'s +-127) before they are widened to int; a sub-block of 16 is then multiplied by
 * its scale, and Q5_K's mins
 * term ({@code sum_j m_j * bsums32_j}) subtracted in float as Q4_K's is. Exact integers per
 * super-block as {@link K4Int8Rows} and {@link Q6KInt8Rows} have, combined in another float
 * order (so not their floats bit for bit); a batch gives each token its single result. Three
 * methods a super-block joined by an int array, as in {@link Q4KLaneDots} (the JIT's inlining
 * budget). Needs 512-bit vectors. Stateless; {@link Scratch} is per thread.
 */
final class KLaneDots {
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
  private static final int HALF_ROWS = ROWS / 2;
  private static final int SUB_BLOCKS = 16;
  private static final int SCALED = SUB_BLOCKS * ROWS; // a super-block's scaled sums
  private static final int MINS_SUMS = SCALED + ROWS; // its mins times the activations' sums

  private KLaneDots() {}

  /** A thread's buffers for batches of up to {@code tokens} tokens. */
  record Scratch(int[] sums, float[] acc) {
    static Scratch forTokens(int tokens) {
      return new Scratch(new int[MINS_SUMS + ROWS], new float[tokens * ROWS]);
    }
  }

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the rows of groups {@code [from,
   * to)} of the {@code rows x cols} matrix regrouped in {@code groups} ({@code mins}: Q5_K's),
   * rows past {@code rows} left out.
   */
  static void groups(MemorySegment[] groups, boolean mins, int rows, int cols, Q8KCodes[] x,
      int count, int from, int to, float[][] out, Scratch scratch) {
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
          if (mins) {
            mins(w, chunk, x[t], i, sums);
          }
          finish(w, chunk, mins, x[t].d()[i], sums, acc, t * ROWS);
        }
      }
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        System.arraycopy(acc, t * ROWS, out[t], row0, n);
      }
    }
  }

  /** Each sub-block's code sums of super-block {@code chunk}: rows 0-31 of {@code j} at {@code sums[32j ..]}. */
  private static void codes(MemorySegment w, long chunk, short[] y, int y0, int[] sums) {
    for (int j = 0; j < SUB_BLOCKS; j++) {
      IntVector s0 = IntVector.zero(I);
      IntVector s1 = IntVector.zero(I);
      for (int f = 0; f < 16; f += 8) { // eight products per 16-bit lane, then widen
        ShortVector p = ShortVector.zero(S);
        for (int k = 0; k < 8; k++) {
          int e = 16 * j + f + k;
          p = p.add(signed(w, chunk + (long) e * ROWS).mul(y[y0 + e]));
        }
        s0 = s0.add(ints(p, 0));
        s1 = s1.add(ints(p, 1));
      }
      s0.intoArray(sums, ROWS * j);
      s1.intoArray(sums, ROWS * j + HALF_ROWS);
    }
  }

  /** {@code sums[SCALED ..]}: the sub-blocks' sums times their (signed) scales, added. */
  private static void scale(MemorySegment w, long chunk, int[] sums) {
    IntVector s0 = IntVector.zero(I);
    IntVector s1 = IntVector.zero(I);
    for (int j = 0; j < SUB_BLOCKS; j++) {
      ShortVector sc = signed(w, chunk + SCALES + j * ROWS);
      s0 = s0.add(IntVector.fromArray(I, sums, ROWS * j).mul(ints(sc, 0)));
      s1 = s1.add(IntVector.fromArray(I, sums, ROWS * j + HALF_ROWS).mul(ints(sc, 1)));
    }
    s0.intoArray(sums, SCALED);
    s1.intoArray(sums, SCALED + HALF_ROWS);
  }

  /** {@code sums[MINS_SUMS ..]}: super-block {@code i}'s mins times {@code x}'s sums of 32. */
  private static void mins(MemorySegment w, long chunk, Q8KCodes x, int i, int[] sums) {
    int[] bsums = x.sums32();
    IntVector m0 = IntVector.zero(I);
    IntVector m1 = IntVector.zero(I);
    for (int j = 0; j < 8; j++) {
      int b = bsums[8 * i + j];
      ShortVector mins = signed(w, chunk + MINS + j * ROWS);
      m0 = m0.add(ints(mins, 0).mul(b));
      m1 = m1.add(ints(mins, 1).mul(b));
    }
    m0.intoArray(sums, MINS_SUMS);
    m1.intoArray(sums, MINS_SUMS + HALF_ROWS);
  }

  /** Super-block {@code i}'s scaled sums (and mins), in float, into {@code acc[at .. at + 32)}. */
  private static void finish(MemorySegment w, long chunk, boolean mins, float dy, int[] sums,
      float[] acc, int at) {
    for (int h = 0; h < ROWS; h += HALF_ROWS) {
      FloatVector d = floats(w, chunk + D + 4 * h).mul(dy);
      FloatVector a = toFloats(IntVector.fromArray(I, sums, SCALED + h))
          .fma(d, FloatVector.fromArray(F, acc, at + h));
      if (mins) {
        FloatVector dmin = floats(w, chunk + DMIN + 4 * h).mul(-dy);
        a = toFloats(IntVector.fromArray(I, sums, MINS_SUMS + h)).fma(dmin, a);
      }
      a.intoArray(acc, at + h);
    }
  }

  /** The 32 signed bytes at {@code at}, as shorts. */
  private static ShortVector signed(MemorySegment w, long at) {
    return (ShortVector) ByteVector.fromMemorySegment(B32, w, at, ByteOrder.LITTLE_ENDIAN)
        .convertShape(VectorOperators.B2S, S, 0);
  }

  /** Shorts {@code 16 part ..} of {@code v} as ints (sign-extended). */
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
