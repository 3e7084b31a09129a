package io.infer4j.runtime.internal.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q4_0 rows dequantized in lanes, read in place: a block is an fp16 scale {@code d} and 16 bytes
 * of nibbles, byte {@code j}'s low nibble element {@code j}, its high nibble element {@code j +
 * 16}, each worth {@code (nibble - 8) * d}. {@code L} bytes at a time give {@code L} low and
 * {@code L} high codes by a mask and a shift, widened to floats and multiplied by {@code d}: the
 * floats of the view's {@code readRow} bit for bit (one rounding of the same product). For the
 * float batch path, which dequantizes rows into a panel ({@link VectorMatmul#matmulBatch}), and
 * for {@code VECTOR}'s decode rows. Needs 8 or 16 float lanes ({@link RowSpecies#SUPPORTED}).
 * Stateless.
 */
final class Q4Rows {
  private static final VectorSpecies<Float> F = RowSpecies.F;
  private static final VectorSpecies<Byte> B = RowSpecies.BYTES;
  private static final int L = RowSpecies.L;
  private static final int BLOCK = 32;
  private static final int BLOCK_BYTES = 18;
  private static final int HALF = BLOCK / 2;

  private Q4Rows() {}

  /** Dequantizes the row of {@code n} elements at byte {@code offset} into {@code dst[0, n)}. */
  static void widen(MemorySegment w, long offset, float[] dst, int n) {
    for (int b = 0; b < n / BLOCK; b++) {
      long at = offset + (long) b * BLOCK_BYTES;
      FloatVector d =
          FloatVector.broadcast(F, Float.float16ToFloat(w.get(RowSpecies.HALF, at)));
      for (int c = 0; c < HALF; c += L) {
        ByteVector packed = ByteVector.fromMemorySegment(B, w, at + 2 + c, ByteOrder.LITTLE_ENDIAN);
        ((FloatVector) packed.and((byte) 0x0F).sub((byte) 8).castShape(F, 0)).mul(d)
            .intoArray(dst, b * BLOCK + c);
        ((FloatVector) packed.lanewise(VectorOperators.LSHR, 4).sub((byte) 8).castShape(F, 0))
            .mul(d).intoArray(dst, b * BLOCK + HALF + c);
      }
    }
  }
}
