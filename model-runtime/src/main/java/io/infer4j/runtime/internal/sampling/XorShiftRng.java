package io.infer4j.runtime.internal.sampling;

/**
 * run.c's random generator: xorshift64* on an unsigned 64-bit state (Java's {@code long} with
 * unsigned shifts), returning the high 32 bits of the product. Not thread-safe.
 */
public final class XorShiftRng {
  private long state;

  /** A generator whose state starts at {@code seed} (run.c: the {@code -s} value). */
  public XorShiftRng(long seed) {
    this.state = seed;
  }

  /** run.c's {@code random_u32}: the next 32 random bits, as an unsigned value in an int. */
  public int nextU32() {
    state ^= state >>> 12;
    state ^= state << 25;
    state ^= state >>> 27;
    return (int) ((state * 0x2545F4914F6CDD1DL) >>> 32);
  }

  /** run.c's {@code random_f32}: a float in [0, 1) from the top 24 bits. */
  public float nextFloat() {
    return (nextU32() >>> 8) / 16777216.0f;
  }
}
