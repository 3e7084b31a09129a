package io.infer4j;

/**
 * A piece of generated text as it arrives on a stream: usually one token, sometimes several (a
 * remote server may batch them) or part of one (a multi-byte character split across tokens is
 * held back until complete, so {@code text} is always well-formed).
 *
 * @param index position of this chunk in the stream, from 0
 * @param text the text, never {@code null}
 * @param tokens how many tokens the chunk carries ({@code >= 0}; 0 when a backend cannot tell)
 */
public record TokenChunk(int index, String text, int tokens) {

  /**
   * Validates the chunk.
   *
   * @throws IllegalArgumentException if {@code index} or {@code tokens} is negative, or {@code
   *     text} is {@code null}
   */
  public TokenChunk {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0: " + index);
    }
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must be >= 0: " + tokens);
    }
  }

  /**
   * {@return a chunk of one token}
   *
   * @param index position of this chunk in the stream, from 0
   * @param text the text, never {@code null}
   * @throws IllegalArgumentException if {@code index} is negative or {@code text} is {@code null}
   */
  public static TokenChunk of(int index, String text) {
    return new TokenChunk(index, text, 1);
  }
}
