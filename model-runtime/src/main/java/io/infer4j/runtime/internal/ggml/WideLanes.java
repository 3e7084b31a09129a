package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.kernels.RowSpecies;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ShortLanes}' steps in 512-bit shapes, for the int8 K-quant kernels where such vectors
 * are native (AVX-512): 32 weight bytes zero-extended to 32 shorts, products in 16-bit lanes, each
 * int lane's two shorts added. Separate methods rather than {@link ShortLanes}' with another
 * species: a helper that sees vectors of two shapes gets type-profiled virtual calls from the JIT,
 * which box the vectors of every kernel that inlines it. Stateless.
 */
final class WideLanes {
  /** Whether 512-bit vectors are native here, so that the kernels take these shapes. */
  static final boolean NATIVE = RowSpecies.WIDE;

  static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
  static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;

  private WideLanes() {}

  /** The 32 bytes at {@code at}, zero-extended to 16-bit lanes. */
  static ShortVector bytes(MemorySegment w, long at) {
    return (ShortVector) ByteVector.fromMemorySegment(B32, w, at, ByteOrder.LITTLE_ENDIAN)
        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
  }

  /**
   * Each int lane's two shorts added, as {@link ShortLanes#pairs}: exact while each sum stays
   * within a short.
   */
  static IntVector pairs(ShortVector products) {
    IntVector v = products.reinterpretAsInts();
    return v.lanewise(VectorOperators.LSHL, 16).add(v).lanewise(VectorOperators.ASHR, 16);
  }

  /**
   * The 16 int lanes of {@code sum} as 8: lane {@code k} plus lane {@code k + 8}, in 256-bit
   * lanes. For a sub-block's products through {@link #pairs} that is the 256-bit form's lane
   * {@code k} ({@link ShortLanes#pairs} of two 16-code halves): codes {@code 2k, 2k + 1, 16 + 2k,
   * 17 + 2k}.
   */
  static IntVector fold(IntVector sum) {
    return ((IntVector) sum.reinterpretShape(ShortLanes.I, 0))
        .add((IntVector) sum.reinterpretShape(ShortLanes.I, 1));
  }

  /** {@code codes * y[at .. at + 32)} in 16-bit lanes. */
  static ShortVector products(ShortVector codes, short[] y, int at) {
    return codes.mul(ShortVector.fromArray(S, y, at));
  }
}
