package io.infer4j.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns a stream of token ids into text, one token at a time, remembering the previous token (for
 * the space after BOS) and holding back the bytes of a character split over several byte tokens
 * until it is complete.
 *
 * <p>Not thread-safe: one per stream.
 */
public final class TextDecoder {
  private final Tokenizer tokenizer;
  private final boolean llama2cPrint;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private int previous = -1;

  private TextDecoder(Tokenizer tokenizer, boolean llama2cPrint) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.llama2cPrint = llama2cPrint;
  }

  /**
   * {@return a decoder that emits whole UTF-8 characters}
   *
   * @param tokenizer the vocabulary the tokens come from
   */
  public static TextDecoder utf8(Tokenizer tokenizer) {
    return new TextDecoder(tokenizer, false);
  }

  /**
   * {@return a decoder that reproduces run.c's output byte for byte: like {@link #utf8}, but a piece that is
   * a single byte other than printable ASCII or whitespace is dropped, as run.c's {@code
   * safe_printf} drops it}
   *
   * @param tokenizer the vocabulary the tokens come from
   */
  public static TextDecoder llama2c(Tokenizer tokenizer) {
    return new TextDecoder(tokenizer, true);
  }

  /**
   * Sets the token the next one follows, without emitting it (e.g. the prompt's last token).
   *
   * @param token the token id
   */
  public void follow(int token) {
    previous = token;
  }

  /**
   * {@return the text {@code token} completes (possibly empty while a character is incomplete)}
   *
   * @param token the next token id
   */
  public String next(int token) {
    byte[] piece = tokenizer.decodePiece(previous, token);
    previous = token;
    if (llama2cPrint && piece.length == 1 && !printableOrSpace(piece[0])) {
      return "";
    }
    pending.writeBytes(piece);
    return drainComplete();
  }

  /** {@return whatever is held back (an incomplete character becomes U+FFFD); may be empty} */
  public String flush() {
    String rest = pending.toString(StandardCharsets.UTF_8);
    pending.reset();
    return rest;
  }

  private static boolean printableOrSpace(byte b) {
    return (b >= 0x20 && b <= 0x7E) || (b >= 0x09 && b <= 0x0D);
  }

  /** Emits the bytes up to the last complete UTF-8 sequence, keeping an incomplete tail. */
  private String drainComplete() {
    byte[] bytes = pending.toByteArray();
    int end = bytes.length;
    // look back at most 3 bytes for the lead byte of an unfinished sequence
    for (int i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        break;
      }
      if (b >= 0xC0) {
        int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (bytes.length - i < need) {
          end = i;
        }
        break;
      }
    }
    pending.reset();
    pending.write(bytes, end, bytes.length - end);
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
