package io.infer4j.runtime.internal.ggml;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Q8KCodes#plain} in 256-bit lanes, the same codes, scales and sums bit for bit: a decode
 * step quantizes its activations on the calling thread while the row crew waits, once before
 * each hand-out of rows. Per super-block of 256: the largest magnitude as a lane-wise maximum
 * (exact in any order), the first value of that magnitude found lane by lane in order (as {@link
 * Q8KQuantizer} takes the first), then {@code min(127, rint(iscale * x))} in lanes by adding and
 * subtracting 1.5 * 2^23 (as ggml's {@code nearest_int}: ties to even for magnitudes below 2^22;
 * here at most 127, or not finite, which converts as a Java cast does), each 32 codes' sum as an
 * exact int lane sum. A row with a NaN takes {@link Q8KCodes#plain} (its maximum skips NaN, a
 * lane-wise maximum does not). Needs native 256-bit vectors ({@link VectorChoice}). Stateless.
 */
final class Q8KCodesInLanes {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_128;
  private static final int L = F.length();
  private static final int BLOCK = Q8KQuantizer.BLOCK;

  /** 1.5 * 2^23: a float below 2^22 in magnitude plus this is rounded to an integer. */
  private static final float ROUNDING = 12582912f;

  private Q8KCodesInLanes() {}

  /** {@link Q8KCodes#quantize}: {@code n % 256 == 0}. */
  static Q8KCodes quantize(float[] x, int n) {
    short[] wide = new short[n];
    float[] d = new float[n / BLOCK];
    int[] sums32 = new int[n / 32];
    for (int b = 0; b < d.length; b++) {
      int at = b * BLOCK;
      FloatVector m = FloatVector.fromArray(F, x, at).abs();
      for (int c = L; c < BLOCK; c += L) {
        m = m.max(FloatVector.fromArray(F, x, at + c).abs());
      }
      float amax = m.reduceLanes(VectorOperators.MAX);
      if (Float.isNaN(amax)) {
        return Q8KCodes.plain(x, n);
      }
      if (amax == 0f) {
        continue; // d, codes and sums stay zero
      }
      float max = firstOfMagnitude(x, at, amax);
      float iscale = -127f / max;
      for (int g = 0; g < BLOCK; g += 32) {
        IntVector sum = IntVector.zero(IntVector.SPECIES_256);
        for (int c = 0; c < 32; c += L) {
          FloatVector r = FloatVector.fromArray(F, x, at + g + c).mul(iscale).add(ROUNDING)
              .sub(ROUNDING);
          IntVector q = ((IntVector) r.convert(VectorOperators.F2I, 0)).min(127);
          ((ShortVector) q.convertShape(VectorOperators.I2S, S, 0)).intoArray(wide, at + g + c);
          sum = sum.add(q);
        }
        sums32[(at + g) / 32] = sum.reduceLanes(VectorOperators.ADD);
      }
      d[b] = 1f / iscale;
    }
    return new Q8KCodes(wide, d, sums32);
  }

  /** The first of {@code x[at .. at + 256)} whose magnitude is {@code amax} (one is). */
  private static float firstOfMagnitude(float[] x, int at, float amax) {
    for (int c = 0; c < BLOCK; c += L) {
      VectorMask<Float> hit =
          FloatVector.fromArray(F, x, at + c).abs().compare(VectorOperators.EQ, amax);
      if (hit.anyTrue()) {
        return x[at + c + hit.firstTrue()];
      }
    }
    throw new AssertionError("no value of the block's largest magnitude " + amax);
  }
}
