package io.infer4j.runtime.internal.structured;

import io.infer4j.runtime.Tokenizer;
import java.util.Arrays;

/**
 * The bytes each token adds to the text, as {@link Tokenizer#decodePiece} gives them, and their
 * {@link VocabularyTrie}s: one for a token that follows any token but BOS, and one for a token
 * that follows BOS where that differs (SentencePiece drops the leading space of the first piece
 * after BOS). Built once per model (the tries lazily); thread-safe.
 */
public final class TokenBytes {
  private final byte[][] bytes; // (vocabulary) after any token but BOS
  private final byte[][] afterBos; // (vocabulary) after BOS, or null when the same
  private final int bos;
  private volatile VocabularyTrie trie;
  private volatile VocabularyTrie afterBosTrie;

  private TokenBytes(byte[][] bytes, byte[][] afterBos, int bos) {
    this.bytes = bytes;
    this.afterBos = afterBos;
    this.bos = bos;
  }

  /** Decodes every token of {@code tokenizer} (in both contexts). */
  public static TokenBytes of(Tokenizer tokenizer) {
    int n = tokenizer.vocabularySize();
    int bos = tokenizer.bosId();
    byte[][] bytes = new byte[n][];
    byte[][] afterBos = new byte[n][];
    boolean differs = false;
    for (int id = 0; id < n; id++) {
      bytes[id] = tokenizer.decodePiece(-1, id);
      afterBos[id] = tokenizer.decodePiece(bos, id);
      differs |= !Arrays.equals(bytes[id], afterBos[id]);
    }
    return new TokenBytes(bytes, differs ? afterBos : null, bos);
  }

  /** Tokens in the vocabulary. */
  public int size() {
    return bytes.length;
  }

  /** The bytes of {@code token} after {@code previous} (not copied: do not modify). */
  byte[] bytes(int previous, int token) {
    return previous == bos && afterBos != null ? afterBos[token] : bytes[token];
  }

  /** The trie of the tokens that may follow {@code previous}. */
  VocabularyTrie trie(int previous) {
    if (previous == bos && afterBos != null) {
      VocabularyTrie t = afterBosTrie;
      if (t == null) {
        afterBosTrie = t = VocabularyTrie.of(afterBos);
      }
      return t;
    }
    VocabularyTrie t = trie;
    if (t == null) {
      trie = t = VocabularyTrie.of(bytes);
    }
    return t;
  }
}
