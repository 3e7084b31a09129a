package io.infer4j.runtime;

/**
 * Turns text into token ids and back for one vocabulary.
 *
 * <p>Implementations are immutable and thread-safe. Ids passed in must lie in {@code [0,
 * vocabularySize())}; others fail with {@link IndexOutOfBoundsException}.
 */
public interface Tokenizer {

  /** Number of tokens. */
  int vocabularySize();

  /** The beginning-of-sequence id. */
  int bosId();

  /** The end-of-sequence id. */
  int eosId();

  /** The piece of token {@code id} exactly as the vocabulary stores it. */
  String piece(int id);

  /**
   * Encodes {@code text}.
   *
   * @param text any string; empty gives no tokens besides BOS/EOS
   * @param addBos whether to start with {@link #bosId()}
   * @param addEos whether to end with {@link #eosId()}
   */
  int[] encode(String text, boolean addBos, boolean addEos);

  /**
   * The bytes token {@code token} contributes to text when it follows {@code previous}. BOS and EOS
   * give nothing (for byte-level BPE, no control token gives anything). For SentencePiece
   * vocabularies this is llama2.c's {@code decode}: a {@code <0xNN>} token gives its one raw byte
   * and a leading space is dropped right after BOS; for byte-level BPE, the piece's characters map
   * back to bytes. The bytes of one character may be split over several tokens (see {@link
   * TextDecoder}).
   */
  byte[] decodePiece(int previous, int token);

  /**
   * Decodes a whole id sequence to text (pieces joined, then read as UTF-8; malformed bytes become
   * U+FFFD). The first id is treated as following nothing.
   */
  String decode(int[] ids);
}
