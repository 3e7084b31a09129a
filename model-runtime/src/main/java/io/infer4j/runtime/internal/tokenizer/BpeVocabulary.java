package io.infer4j.runtime.internal.tokenizer;

import java.util.List;
import java.util.Objects;

/**
 * A byte-level BPE vocabulary (GPT-2 style, {@code tokenizer.ggml.model = gpt2}).
 *
 * @param pieces token texts by id, in the byte-to-character encoding of {@link ByteLevel}
 * @param merges merge rules by priority (first merges first), each "left right"
 * @param control for each id, whether it is a control token (decodes to nothing)
 * @param bos beginning-of-sequence id
 * @param eos end-of-sequence id
 * @param preTokenizer how text is split into words before merging
 */
record BpeVocabulary(
    List<String> pieces,
    List<String> merges,
    boolean[] control,
    int bos,
    int eos,
    PreTokenizer preTokenizer) {

  BpeVocabulary {
    pieces = List.copyOf(pieces);
    merges = List.copyOf(merges);
    if (control.length != pieces.size()) {
      throw new IllegalArgumentException(
          control.length + " control flags for " + pieces.size() + " pieces");
    }
    control = control.clone();
    Objects.checkIndex(bos, pieces.size());
    Objects.checkIndex(eos, pieces.size());
    Objects.requireNonNull(preTokenizer, "preTokenizer");
  }
}
