package io.infer4j.runtime.internal.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class XorShiftRngTest {
  private static final BigInteger MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** run.c's random_u32 on an unsigned 64-bit state, in arbitrary precision. */
  private static long[] reference(long seed, int count) {
    BigInteger s = BigInteger.valueOf(seed).and(MASK);
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      s = s.xor(s.shiftRight(12));
      s = s.xor(s.shiftLeft(25)).and(MASK);
      s = s.xor(s.shiftRight(27));
      out[i] =
          s.multiply(new BigInteger("2545F4914F6CDD1D", 16)).and(MASK).shiftRight(32).longValue();
    }
    return out;
  }

  @Test
  void matchesUnsigned64BitXorshiftStarForSmallAndHighBitSeeds() {
    for (long seed : new long[] {42, 1, 0x8000_0000_0000_0001L, -1L}) {
      XorShiftRng rng = new XorShiftRng(seed);
      for (long expected : reference(seed, 1000)) {
        assertEquals(expected, Integer.toUnsignedLong(rng.nextU32()), "seed " + seed);
      }
    }
  }

  @Test
  void floatsAreTheTop24BitsScaledIntoTheUnitInterval() {
    XorShiftRng a = new XorShiftRng(42);
    XorShiftRng b = new XorShiftRng(42);
    for (int i = 0; i < 1000; i++) {
      float f = a.nextFloat();
      assertEquals((Integer.toUnsignedLong(b.nextU32()) >>> 8) / 16777216.0f, f);
      assertTrue(f >= 0f && f < 1f);
    }
  }
}
