package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The eight 6-bit (scale, min) pairs of a Q4_K or Q5_K super-block, packed in 12 bytes: pairs 0-3
 * keep their low 6 bits in bytes 0-3 (scale) and 4-7 (min); pairs 4-7 keep their low 4 bits in
 * the nibbles of bytes 8-11 (scale low, min high) and their top 2 bits in the top bits of bytes
 * 0-3 (scale) and 4-7 (min). Read in place, for the tensor views and the fast kernels alike.
 * Stateless.
 */
public final class KQuantScales {
  private KQuantScales() {}

  /** The scale of pair {@code j} (0..7), from the 12 bytes at byte {@code at} of {@code w}. */
  public static int scale(MemorySegment w, long at, int j) {
    return j < 4 ? u8(w, at + j) & 63 : upper(u8(w, at + j + 4), u8(w, at + j - 4));
  }

  /** The min of pair {@code j} (0..7), from the 12 bytes at byte {@code at} of {@code w}. */
  public static int min(MemorySegment w, long at, int j) {
    return j < 4 ? u8(w, at + j + 4) & 63 : upper(u8(w, at + j + 4) >>> 4, u8(w, at + j));
  }

  /** {@link #scale(MemorySegment, long, int)} from the 12 bytes at {@code b[at]}. */
  public static int scale(byte[] b, int at, int j) {
    return j < 4 ? b[at + j] & 63 : upper(b[at + j + 4] & 0xFF, b[at + j - 4] & 0xFF);
  }

  /** {@link #min(MemorySegment, long, int)} from the 12 bytes at {@code b[at]}. */
  public static int min(byte[] b, int at, int j) {
    return j < 4 ? b[at + j + 4] & 63 : upper((b[at + j + 4] & 0xFF) >>> 4, b[at + j] & 0xFF);
  }

  /** A pair 4-7 value: low 4 bits from {@code nibble}, top 2 from the top of {@code top}. */
  private static int upper(int nibble, int top) {
    return (nibble & 0x0F) | (top >>> 6) << 4;
  }

  private static int u8(MemorySegment w, long offset) {
    return w.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
  }
}
