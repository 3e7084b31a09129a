package io.infer4j.runtime.internal.tensor;

/**
 * The eight 6-bit (scale, min) pairs of a Q4_K or Q5_K super-block, packed in 12 bytes: pairs 0-3
 * keep their low 6 bits in bytes 0-3 (scale) and 4-7 (min); pairs 4-7 keep their low 4 bits in
 * the nibbles of bytes 8-11 (scale low, min high) and their top 2 bits in the top bits of bytes
 * 0-3 (scale) and 4-7 (min).
 */
final class KQuantScales {
  private KQuantScales() {}

  /** The scale of pair {@code j} (0..7), from the 12 bytes {@code s}. */
  static int scale(int[] s, int j) {
    return j < 4 ? s[j] & 63 : (s[j + 4] & 0x0F) | (s[j - 4] >>> 6) << 4;
  }

  /** The min of pair {@code j} (0..7), from the 12 bytes {@code s}. */
  static int min(int[] s, int j) {
    return j < 4 ? s[j + 4] & 63 : (s[j + 4] >>> 4) | (s[j] >>> 6) << 4;
  }
}
