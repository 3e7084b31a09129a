package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.KLaneLayout.DMIN;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.MINS;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.ROWS;
import static io.infer4j.runtime.internal.ggml.KLaneLayout.SCALES;
import static io.infer4j.runtime.internal.ggml.KLaneRows.HALF_ROWS;
import static io.infer4j.runtime.internal.ggml.KLaneRows.I;
import static io.infer4j.runtime.internal.ggml.KLaneRows.S;
import static io.infer4j.runtime.internal.ggml.KLaneRows.SCALED;
import static io.infer4j.runtime.internal.ggml.KLaneRows.SUPER_BLOCK;
import static io.infer4j.runtime.internal.ggml.KLaneRows.bytes;
import static io.infer4j.runtime.internal.ggml.KLaneRows.ints;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;

/**
 * Dot products of Q5_K and Q6_K rows in {@link KLaneLayout} (codes unpacked, a row per 16-bit
 * lane) with activations quantized to Q8_K, as {@link Q4KLaneDots} does for Q4_K: each element's
 * 32 codes are one vector, multiplied by the activation code, broadcast. A 16-bit lane adds eight
 * products (at most {@code 8 * 32 * 127 = 32512 < 2^15}: Q6_K's codes reach -32, {@link
 * Q8KQuantizer}'s +-127) before they are widened to int; a sub-block of 16 is then multiplied by
 * its (signed) scale, and Q5_K's mins term ({@code sum_j m_j * bsums32_j}) is subtracted in float
 * as Q4_K's is ({@link KLaneRows}, which runs the loop and the float steps). Exact integers per
 * super-block as {@link K4Int8Rows} and {@link Q6KInt8Rows} have, combined in another float
 * order, so not their floats bit for bit. Stateless.
 */
final class KLaneDots {
  private static final int SUB_BLOCKS = 16;

  private KLaneDots() {}

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the rows of groups {@code [from,
   * to)} of the {@code rows x cols} matrix regrouped in {@code groups} ({@code mins}: Q5_K's), rows
   * past {@code rows} left out.
   */
  static void groups(MemorySegment[] groups, boolean mins, int rows, int cols, Q8KCodes[] x,
      int count, int from, int to, float[][] out, KLaneRows.Scratch scratch) {
    float[] acc = scratch.acc();
    int[] sums = scratch.sums();
    long chunkBytes = KLaneLayout.chunkBytes(mins);
    long d = KLaneLayout.d(mins);
    for (int g = from; g < to; g++) {
      java.util.Arrays.fill(acc, 0, count * ROWS, 0f);
      MemorySegment w = groups[g];
      for (int i = 0; i < cols / SUPER_BLOCK; i++) {
        long chunk = i * chunkBytes;
        for (int t = 0; t < count; t++) {
          codes(w, chunk, x[t].wide(), i * SUPER_BLOCK, sums);
          scale(w, chunk, sums);
          if (mins) {
            KLaneRows.mins(w, chunk + MINS, x[t], i, sums);
          }
          KLaneRows.finish(w, chunk + d, chunk + DMIN, mins, x[t].d()[i], sums, acc,
              t * ROWS);
        }
      }
      KLaneRows.copyOut(acc, count, rows, g, out);
    }
  }

  /**
   * Each sub-block's code sums of super-block {@code chunk}: rows 0-31 of sub-block {@code j} at
   * {@code sums[32j ..]}.
   */
  private static void codes(MemorySegment w, long chunk, short[] y, int y0, int[] sums) {
    for (int j = 0; j < SUB_BLOCKS; j++) {
      IntVector s0 = IntVector.zero(I);
      IntVector s1 = IntVector.zero(I);
      for (int f = 0; f < 16; f += 8) { // eight products per 16-bit lane, then widen
        ShortVector p = ShortVector.zero(S);
        for (int k = 0; k < 8; k++) {
          int e = 16 * j + f + k;
          p = p.add(bytes(w, chunk + (long) e * ROWS).mul(y[y0 + e]));
        }
        s0 = s0.add(ints(p, 0));
        s1 = s1.add(ints(p, 1));
      }
      s0.intoArray(sums, ROWS * j);
      s1.intoArray(sums, ROWS * j + HALF_ROWS);
    }
  }

  /** {@code sums[SCALED ..]}: the sub-blocks' sums times their scales, added. */
  private static void scale(MemorySegment w, long chunk, int[] sums) {
    IntVector s0 = IntVector.zero(I);
    IntVector s1 = IntVector.zero(I);
    for (int j = 0; j < SUB_BLOCKS; j++) {
      ShortVector sc = bytes(w, chunk + SCALES + j * ROWS);
      s0 = s0.add(IntVector.fromArray(I, sums, ROWS * j).mul(ints(sc, 0)));
      s1 = s1.add(IntVector.fromArray(I, sums, ROWS * j + HALF_ROWS).mul(ints(sc, 1)));
    }
    s0.intoArray(sums, SCALED);
    s1.intoArray(sums, SCALED + HALF_ROWS);
  }
}
