package io.infer4j.runtime.internal.structured;

import java.util.Arrays;

/**
 * A set of byte values (0..255) as four 64-bit words; a grammar terminal matches one byte of it.
 * Immutable.
 */
final class ByteSet {
  private final long[] bits; // (4,) bit b of word b >>> 6

  private ByteSet(long[] bits) {
    this.bits = bits;
  }

  /** The bytes {@code from..to}, both included. */
  static ByteSet range(int from, int to) {
    long[] bits = new long[4];
    for (int b = from; b <= to; b++) {
      bits[b >>> 6] |= 1L << b;
    }
    return new ByteSet(bits);
  }

  /** The one byte {@code b}. */
  static ByteSet of(int b) {
    return range(b, b);
  }

  /** The bytes of {@code chars} (ASCII). */
  static ByteSet anyOf(String chars) {
    long[] bits = new long[4];
    for (int i = 0; i < chars.length(); i++) {
      int b = chars.charAt(i);
      bits[b >>> 6] |= 1L << b;
    }
    return new ByteSet(bits);
  }

  /** This set and {@code other}'s bytes. */
  ByteSet union(ByteSet other) {
    long[] u = bits.clone();
    for (int i = 0; i < 4; i++) {
      u[i] |= other.bits[i];
    }
    return new ByteSet(u);
  }

  /** This set without {@code other}'s bytes. */
  ByteSet minus(ByteSet other) {
    long[] d = bits.clone();
    for (int i = 0; i < 4; i++) {
      d[i] &= ~other.bits[i];
    }
    return new ByteSet(d);
  }

  /** Adds this set's bytes to the four words {@code into}. */
  void addTo(long[] into) {
    for (int i = 0; i < 4; i++) {
      into[i] |= bits[i];
    }
  }

  boolean contains(int b) {
    return (bits[b >>> 6] & (1L << b)) != 0;
  }

  boolean isEmpty() {
    return (bits[0] | bits[1] | bits[2] | bits[3]) == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteSet s && Arrays.equals(s.bits, bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits);
  }
}
