package io.infer4j.runtime.internal.tokenizer;

import java.util.List;
import java.util.Objects;

/**
 * A SentencePiece vocabulary as the BPE tokenizer needs it.
 *
 * @param pieces token texts by id
 * @param scores merge priority by id (higher merges first)
 * @param bos beginning-of-sequence id
 * @param eos end-of-sequence id
 * @param unk id used for a byte that has no {@code <0xNN>} token
 * @param metaspace whether pieces spell spaces as U+2581 (GGUF, SentencePiece) rather than as ASCII
 *     spaces (llama2.c tokenizer files)
 */
public record Vocabulary(
    List<String> pieces,
    float[] scores,
    int bos,
    int eos,
    int unk,
    boolean metaspace,
    boolean addSpacePrefix) {

  /** SentencePiece's visible space, U+2581. */
  public static final char METASPACE = '\u2581';

  public Vocabulary {
    pieces = List.copyOf(pieces);
    Objects.requireNonNull(scores, "scores");
    if (scores.length != pieces.size()) {
      throw new IllegalArgumentException(
          scores.length + " scores for " + pieces.size() + " pieces");
    }
    scores = scores.clone();
    Objects.checkIndex(bos, pieces.size());
    Objects.checkIndex(eos, pieces.size());
    Objects.checkIndex(unk, pieces.size());
  }

  /** Number of tokens. */
  public int size() {
    return pieces.size();
  }

  @Override
  public float[] scores() {
    return scores.clone();
  }

  float score(int id) {
    return scores[id];
  }
}
