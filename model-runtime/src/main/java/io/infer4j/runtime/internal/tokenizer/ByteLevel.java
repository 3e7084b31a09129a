package io.infer4j.runtime.internal.tokenizer;

import java.util.Arrays;

/**
 * GPT-2's reversible byte-to-character mapping for byte-level BPE: printable Latin-1 bytes ({@code
 * !..~}, {@code ¡..¬}, {@code ®..ÿ}) stand for themselves, the other 68 bytes map to U+0100 onwards
 * in byte order (so a space is {@code Ġ}, U+0120, and a newline {@code Ċ}, U+010A).
 */
final class ByteLevel {
  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[324];

  static {
    Arrays.fill(CHAR_TO_BYTE, -1);
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      char c = (char) (printable ? b : next++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
  }

  private ByteLevel() {}

  /** The character that stands for byte {@code b}. */
  static char encode(byte b) {
    return BYTE_TO_CHAR[b & 0xFF];
  }

  /** The byte character {@code c} stands for, or -1 if it stands for none. */
  static int decode(char c) {
    return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }
}
