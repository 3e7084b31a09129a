package io.infer4j.runtime.internal.kernels;

import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.BLOCK;
import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.D;
import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.M;
import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.PACKED;
import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.ROWS;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q4_0 (and Q4_1) rows in {@link Q4LaneLayout} (nibbles packed as in the file)
 * with activations quantized to Q8_0, one row per 16-bit lane: each nibble byte position's 32 bytes
 * are zero-extended to shorts, masked and shifted into two codes, and each code multiplied by the
 * activation it meets, broadcast, into two sums (the low nibbles' codes and the high ones': two
 * chains of adds, 1.2x as fast as one from L2 on the AVX-512 host). A row's value is {@code d *
 * (q - 8)}; its block sum {@code sum((q - 8) y)} is taken as {@code sum(q y) - 8 sum(y)}, all in
 * wrapping 16-bit arithmetic: the true sum lies within {@code 32 * 8 * 127 = 32512 < 2^15}
 * (activation codes within [-127, 127], {@link Q8Activations}), so the wrapped result is exact
 * whatever the partial sums did. That is {@code vec_dot_q4_0_q8_0}'s exact block sum, and the
 * float steps are {@link Q8LaneDots}' (one fused {@code acc = isum * (dw dx) + acc} a block, the
 * scales widened in lanes with {@code 2^112} moved into {@code dx}), so the results equal bit for
 * bit those of {@link Q8LaneDots} on the same rows as Q8_0 codes {@code q - 8}, which read 1.89x
 * the bytes. Q4_1 rows ({@code d * q + m}) take the same sums with {@code 8 sum(y)} added back in
 * 32-bit lanes ({@code sum(q y)} may pass 2^15), then their offsets' {@code m * s} a block in a
 * pass of their own, as {@link Q8LaneDots} adds them: again its floats for the same codes, bit for
 * bit. A batch gives each token the floats its single call gives. Needs 512-bit vectors.
 * Stateless.
 */
final class Q4LaneDots {
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
  private static final int HALF_ROWS = ROWS / 2;
  private static final short NIBBLE = 0x0F;

  private Q4LaneDots() {}

  /**
   * {@code 8 * sum(y)} of each block of {@code x}'s codes: what the nibbles' offset of 8 takes
   * from a block sum ({@code |8 * sum| <= 32512}, a short).
   */
  static short[] offsets(Q8Activations x) {
    byte[] q = x.quants();
    short[] eights = new short[q.length / BLOCK];
    for (int b = 0; b < eights.length; b++) {
      int sum = 0;
      for (int j = b * BLOCK; j < (b + 1) * BLOCK; j++) {
        sum += q[j];
      }
      eights[b] = (short) (8 * sum);
    }
    return eights;
  }

  /**
   * {@code out[t][row] = row . x[t]} for the rows of groups {@code [from, to)} of a Q4_0 or Q4_1
   * matrix ({@code type}), rows past {@code rows} (the last group's padding) left out; {@code
   * eights[t]} is {@link #offsets} of {@code x[t]}, and for Q4_1 {@code sums[t]} its {@link
   * Q8Activations#blockSums} (else null).
   */
  static void groups(GgmlType type, MemorySegment[] groups, int rows, int cols,
      Q8Activations[] x, short[][] eights, float[][] sums, int count, int from, int to,
      float[][] out) {
    float[] acc = new float[ROWS];
    int blocks = cols / BLOCK;
    long chunkBytes = Q4LaneLayout.chunkBytes(type);
    boolean unsigned = type == GgmlType.Q4_1;
    for (int g = from; g < to; g++) {
      int row0 = g * ROWS;
      int n = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        group(groups[g], blocks, chunkBytes, unsigned, x[t].wide(), x[t].scales(), eights[t], acc);
        if (unsigned) {
          Q8LaneDots.addMins(groups[g], blocks, chunkBytes, M, sums[t], acc);
        }
        System.arraycopy(acc, 0, out[t], row0, n);
      }
    }
  }

  /**
   * The 32 rows of one group times the activation codes {@code y} (block scales {@code dx}), into
   * {@code acc}, in row order: codes {@code q - 8} (Q4_0) or, {@code unsigned}, {@code q} (Q4_1).
   */
  private static void group(MemorySegment w, int blocks, long chunkBytes, boolean unsigned,
      short[] y, float[] dx, short[] eights, float[] acc) {
    FloatVector low = FloatVector.zero(F); // rows 0-15
    FloatVector high = FloatVector.zero(F); // rows 16-31
    for (int b = 0; b < blocks; b++) {
      long chunk = b * chunkBytes;
      ShortVector first = ShortVector.zero(S); // codes 0-15 of the block (low nibbles)
      ShortVector second = ShortVector.zero(S); // codes 16-31 (high nibbles)
      for (int l = 0; l < PACKED; l++) {
        int e = b * BLOCK + l;
        ShortVector q = nibbles(w, chunk + (long) l * ROWS);
        first = first.add(q.and(NIBBLE).mul(y[e]));
        second = second.add(q.lanewise(VectorOperators.LSHR, 4).mul(y[e + PACKED]));
      }
      ShortVector sums = first.add(second).sub(eights[b]); // sum((q - 8) y), exact
      int back = unsigned ? eights[b] : 0;
      float d = dx[b] * F16Rows.HALF_SCALE; // the widened scales are dw * 2^-112
      low = ((FloatVector) ints(sums, 0).add(back).convert(VectorOperators.I2F, 0))
          .fma(Q8LaneDots.halfRowScales(w, chunk + D).mul(d), low);
      high = ((FloatVector) ints(sums, 1).add(back).convert(VectorOperators.I2F, 0))
          .fma(Q8LaneDots.halfRowScales(w, chunk + D + ROWS).mul(d), high);
    }
    low.intoArray(acc, 0);
    high.intoArray(acc, HALF_ROWS);
  }

  /** The 32 bytes at {@code at}, zero-extended to shorts (shared with {@link Q4LaneQuadDots}). */
  static ShortVector nibbles(MemorySegment w, long at) {
    return (ShortVector) ByteVector.fromMemorySegment(B32, w, at, ByteOrder.LITTLE_ENDIAN)
        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
  }

  /** Lanes {@code 16 part ..} of {@code v} sign-extended to ints. */
  private static IntVector ints(ShortVector v, int part) {
    return (IntVector) v.convertShape(VectorOperators.S2I, I, part);
  }
}
