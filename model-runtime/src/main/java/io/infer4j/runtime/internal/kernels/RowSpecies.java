package io.infer4j.runtime.internal.kernels;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes of the kernels that read quantized or half-precision rows in place ({@link
 * F16Rows}, {@link Q8Rows}, {@link KQuantRows}): float lanes of the preferred species, and a byte
 * species with as many lanes, so that {@code L} codes widen to one float vector. They need 8 or 16
 * float lanes (AVX2, AVX-512): a 32-element block or group is then whole vectors, and the byte and
 * short shapes they widen from exist ({@link #SUPPORTED}).
 */
public final class RowSpecies {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static final int L = F.length();

  /**
   * Whether 512-bit vectors are native here (AVX-512), so that the int8 kernels take their
   * 512-bit forms ({@code Q8Rows.dotInt8Wide}, the K-quants' {@code WideLanes}); the one test of
   * it, for every package.
   */
  public static final boolean WIDE = F.vectorBitSize() == 512;

  /** Whether the in-place row kernels work here (8 or 16 float lanes). */
  static final boolean SUPPORTED = L == 8 || L == 16;

  /** {@code L} bytes, which {@code castShape} widens to one float vector; null if unsupported. */
  static final VectorSpecies<Byte> BYTES =
      SUPPORTED ? ByteVector.SPECIES_64.withShape(VectorShape.forBitSize(L * 8)) : null;

  /** {@code L} 16-bit values (halves, bfloat16s), widened to {@link #INTS}; null if unsupported. */
  static final VectorSpecies<Short> SHORTS =
      SUPPORTED ? ShortVector.SPECIES_64.withShape(VectorShape.forBitSize(L * 16)) : null;

  /** {@code L} ints, as wide as the float lanes; null if unsupported. */
  static final VectorSpecies<Integer> INTS =
      SUPPORTED ? IntVector.SPECIES_PREFERRED.withShape(F.vectorShape()) : null;

  /** An unaligned little-endian fp16, as GGML stores scales and halves. */
  static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private RowSpecies() {}
}
