package io.infer4j.runtime.internal.ggml;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 16-bit-lane steps the int8 K-quant kernels share ({@link K4Int8Rows}, {@link Q6KInt8Rows}):
 * weight bytes zero-extended to shorts, products of small codes summed in shorts, then each int
 * lane's two shorts added. 256-bit shapes ({@link VectorChoice} checks they are native).
 * Stateless.
 */
final class ShortLanes {
  static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
  static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;

  private ShortLanes() {}

  /** The 16 bytes at {@code at}, zero-extended to 16-bit lanes. */
  static ShortVector bytes(MemorySegment w, long at) {
    return (ShortVector) ByteVector.fromMemorySegment(B16, w, at, ByteOrder.LITTLE_ENDIAN)
        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
  }

  /**
   * Each int lane's two shorts added: {@code ((v << 16) + v) >> 16} leaves the sum of the two
   * halves in the upper one; exact while each sum stays within a short (the callers' bounds).
   */
  static IntVector pairs(ShortVector products) {
    IntVector v = products.reinterpretAsInts();
    return v.lanewise(VectorOperators.LSHL, 16).add(v).lanewise(VectorOperators.ASHR, 16);
  }

  /** {@code codes[at .. at + 16) * y[at .. at + 16)} in 16-bit lanes. */
  static ShortVector products(short[] codes, short[] y, int at) {
    return ShortVector.fromArray(S, codes, at).mul(ShortVector.fromArray(S, y, at));
  }
}
