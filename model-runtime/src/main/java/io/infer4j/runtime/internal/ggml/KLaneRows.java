package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The steps of a K-quant super-block regrouped with a row per 16-bit lane ({@link Q4KLaneLayout},
 * {@link KLaneLayout}) that do not depend on how its codes are packed, for {@link Q4KLaneDots} and
 * {@link KLaneDots}: each of those leaves a super-block's sub-block sums, times their scales, as 32
 * ints at {@link #SCALED} of the scratch array; {@link #mins} puts Q4_K's and Q5_K's mins term at
 * {@link #MINS_SUMS}; {@link #finish} turns both into floats, {@code acc = isum * (d dy) + acc},
 * then {@code acc = msum * -(dmin dy) + acc} (fused), super-block after super-block. The steps are
 * methods of their own, joined by the int array rather than by vectors passed across calls: in one
 * method the JIT's inlining budget ({@code NodeCountInliningCutoff}) ran out before the later
 * steps, whose vector conversions then ran as plain Java (3x slower). Each kernel keeps its own
 * loop over groups, super-blocks and tokens calling these directly: one shared loop calling a
 * kernel's codes step through a method reference decoded 0.61-0.86x as fast (Q4_K) and 0.81-0.88x
 * (Q6_K) in three alternating pairs each (2026-12-06). Needs 512-bit vectors. Stateless; {@link
 * Scratch} is per thread.
 */
final class KLaneRows {
  static final int ROWS = LaneGroupedTensor.ROWS;
  static final int HALF_ROWS = ROWS / 2;
  static final int SUPER_BLOCK = Q8KQuantizer.BLOCK; // QK_K
  static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
  static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;

  /**
   * A super-block's sub-block sums times their scales, rows 0-31; below it the kernels keep each
   * sub-block's sums (up to 16 sub-blocks of 32 rows).
   */
  static final int SCALED = 16 * ROWS;

  /** A super-block's mins times the activations' sums of 32, rows 0-31. */
  static final int MINS_SUMS = SCALED + ROWS;

  private KLaneRows() {}

  /** A thread's buffers for batches of up to {@code tokens} tokens. */
  record Scratch(int[] sums, float[] acc) {
    static Scratch forTokens(int tokens) {
      return new Scratch(new int[MINS_SUMS + ROWS], new float[tokens * ROWS]);
    }
  }

  /**
   * Group {@code g}'s results, {@code acc[32t ..]} for token {@code t}, into {@code out[t]}: rows
   * past {@code rows} (the last group's padding) left out.
   */
  static void copyOut(float[] acc, int count, int rows, int g, float[][] out) {
    int row0 = g * ROWS;
    int n = Math.min(ROWS, rows - row0);
    for (int t = 0; t < count; t++) {
      System.arraycopy(acc, t * ROWS, out[t], row0, n);
    }
  }

  /**
   * {@code sums[MINS_SUMS ..]}: super-block {@code i}'s mins (bytes at {@code at}) times {@code
   * x}'s sums of 32.
   */
  static void mins(MemorySegment w, long at, Q8KCodes x, int i, int[] sums) {
    int[] bsums = x.sums32();
    IntVector m0 = IntVector.zero(I);
    IntVector m1 = IntVector.zero(I);
    for (int j = 0; j < 8; j++) {
      int b = bsums[8 * i + j];
      ShortVector mins = bytes(w, at + (long) j * ROWS);
      m0 = m0.add(ints(mins, 0).mul(b));
      m1 = m1.add(ints(mins, 1).mul(b));
    }
    m0.intoArray(sums, MINS_SUMS);
    m1.intoArray(sums, MINS_SUMS + HALF_ROWS);
  }

  /**
   * A super-block's scaled sums (and mins), in float, into {@code acc[at .. at + 32)}; its rows'
   * {@code d} and {@code dmin} are floats at byte {@code d} and {@code dmin} of {@code w}.
   */
  static void finish(MemorySegment w, long d, long dmin, boolean withMins, float dy, int[] sums,
      float[] acc, int at) {
    for (int h = 0; h < ROWS; h += HALF_ROWS) {
      FloatVector scale = floats(w, d + 4L * h).mul(dy);
      FloatVector a = toFloats(IntVector.fromArray(I, sums, SCALED + h))
          .fma(scale, FloatVector.fromArray(F, acc, at + h));
      if (withMins) {
        FloatVector minScale = floats(w, dmin + 4L * h).mul(-dy);
        a = toFloats(IntVector.fromArray(I, sums, MINS_SUMS + h)).fma(minScale, a);
      }
      a.intoArray(acc, at + h);
    }
  }

  /**
   * The 32 bytes at {@code at}, sign-extended to shorts (scales and mins, which are below 128, read
   * the same as zero-extended).
   */
  static ShortVector bytes(MemorySegment w, long at) {
    return (ShortVector) ByteVector.fromMemorySegment(B32, w, at, ByteOrder.LITTLE_ENDIAN)
        .convertShape(VectorOperators.B2S, S, 0);
  }

  /**
   * The 32 bytes at {@code codes[at ..]}, sign-extended to shorts: {@link #bytes(MemorySegment,
   * long)} for codes staged in a heap array by {@link #stage}.
   */
  static ShortVector bytes(byte[] codes, int at) {
    return (ShortVector) ByteVector.fromArray(B32, codes, at)
        .convertShape(VectorOperators.B2S, S, 0);
  }

  /**
   * Copies {@code codes.length} bytes of {@code w} from {@code at} into {@code codes}: how the
   * decode kernels ({@link KLaneQuadDots}, {@link Q4KLaneQuadDots}) read a super-block's codes,
   * staged in one bulk copy and then multiplied from the array (in L1), where they had read each
   * 32 bytes from the segment between the products. The copy asks the memory for the whole chunk
   * at once, so its cache misses overlap; read among the products, few misses were in flight at a
   * time and decode took about the memory's time plus the kernel's. Decode on the 1.1B-parameter
   * synthetic files, 2 threads, medians of three alternating pairs of runs (Xeon host,
   * 2026-12-06): Q6_K 9.3 to 12.0 tokens/s, Q5_K 11.2 to 12.5, Q4_K 13.2 to 14.1; a 110 MB Q6_K
   * file read from the L3 cache, 127-148 to 171. It costs where the weights already sit in L2 (a
   * 0.6 MB Q6_K matrix multiplied over and over, one thread: 1.27x the time), which decode never
   * is: each matrix is read once per token.
   */
  static void stage(MemorySegment w, long at, byte[] codes) {
    MemorySegment.copy(w, ValueLayout.JAVA_BYTE, at, codes, 0, codes.length);
  }

  /**
   * Shorts {@code 16 part ..} of {@code v} as ints (sign-extended). From shorts, not from 16 bytes
   * straight to ints: that conversion (4x wider) ran as plain Java on JDK 25.
   */
  static IntVector ints(ShortVector v, int part) {
    return (IntVector) v.convertShape(VectorOperators.S2I, I, part);
  }

  private static FloatVector floats(MemorySegment w, long at) {
    return FloatVector.fromMemorySegment(F, w, at, ByteOrder.LITTLE_ENDIAN);
  }

  /** {@code v}'s ints as floats (exact below 2^24). */
  static FloatVector toFloats(IntVector v) {
    return (FloatVector) v.convert(VectorOperators.I2F, 0);
  }
}
