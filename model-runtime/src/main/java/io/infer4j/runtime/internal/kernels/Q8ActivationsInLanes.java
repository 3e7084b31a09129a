package io.infer4j.runtime.internal.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Q8Activations#quantize} in vector lanes, bit for bit its result, for the int8 products
 * of {@link VectorMatmul#int8()}: a decode step quantizes its activations on the calling thread
 * while the row crew waits, once before each hand-out of rows. Per block of 32: the largest
 * magnitude as a lane-wise maximum (exact in any order), the fp16 scale and its inverse by the
 * same scalar methods ({@link Q8Activations#scale}, {@link Q8Activations#inverseScale}), then
 * {@code rint(x * id)} in lanes by adding and subtracting 1.5 * 2^23 (which rounds a float of
 * magnitude below 2^22 to an integer, ties to even, as {@code Math.rint}; here {@code |x * id| <=
 * 127}, or not finite), and the integers narrowed as Java casts narrow them.
 * Needs {@link RowSpecies#SUPPORTED} lanes. Stateless.
 */
final class Q8ActivationsInLanes {
  private static final VectorSpecies<Float> F = RowSpecies.F;
  private static final int L = RowSpecies.L;
  private static final VectorSpecies<Short> SHORTS =
      ShortVector.SPECIES_64.withShape(VectorShape.forBitSize(Math.max(64, L * 16)));

  /** 1.5 * 2^23: a float below 2^22 in magnitude plus this is rounded to an integer. */
  private static final float ROUNDING = 12582912f;

  private Q8ActivationsInLanes() {}

  /**
   * The first {@code n} values of {@code x}, quantized as {@link Q8Activations#quantize}.
   *
   * @throws IllegalArgumentException if {@code n} is not a whole number of blocks
   */
  static Q8Activations quantize(float[] x, int n) {
    int block = Q8Activations.BLOCK;
    Q8Activations.checkBlocks(n);
    byte[] q = new byte[n];
    short[] wide = new short[n];
    float[] scales = new float[n / block];
    for (int b = 0; b < scales.length; b++) {
      int from = b * block;
      FloatVector m = FloatVector.fromArray(F, x, from).abs();
      for (int c = L; c < block; c += L) {
        m = m.max(FloatVector.fromArray(F, x, from + c).abs());
      }
      float amax = m.reduceLanes(VectorOperators.MAX);
      scales[b] = Q8Activations.scale(amax);
      float id = Q8Activations.inverseScale(amax);
      for (int c = 0; c < block; c += L) {
        FloatVector r = FloatVector.fromArray(F, x, from + c).mul(id).add(ROUNDING).sub(ROUNDING);
        IntVector i = (IntVector) r.convert(VectorOperators.F2I, 0);
        ((ByteVector) i.convertShape(VectorOperators.I2B, RowSpecies.BYTES, 0))
            .intoArray(q, from + c);
        ((ShortVector) i.convertShape(VectorOperators.I2S, SHORTS, 0)).intoArray(wide, from + c);
      }
    }
    return new Q8Activations(q, scales, wide);
  }
}
