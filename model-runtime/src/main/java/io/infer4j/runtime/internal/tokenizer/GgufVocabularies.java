package io.infer4j.runtime.internal.tokenizer;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.gguf.GgufMetadata;
import java.util.List;

/** Reads a SentencePiece vocabulary from GGUF metadata ({@code tokenizer.ggml.*}). */
public final class GgufVocabularies {
  private GgufVocabularies() {}

  /**
   * The vocabulary of a file whose {@code tokenizer.ggml.model} is {@code llama}.
   *
   * @param metadata the file's metadata
   * @param source the file name for messages
   * @throws ModelFormatException if the tokenizer is another kind or keys are missing or
   *     inconsistent
   */
  public static Vocabulary read(GgufMetadata metadata, String source) {
    String model = metadata.requireString("tokenizer.ggml.model");
    if (!model.equals("llama")) {
      throw new ModelFormatException(
          source,
          "tokenizer.ggml.model = "
              + model
              + " is not supported (only 'llama', SentencePiece BPE)");
    }
    String[] tokens = metadata.requireStringArray("tokenizer.ggml.tokens");
    float[] scores;
    if (metadata.has("tokenizer.ggml.scores")) {
      scores = metadata.requireFloatArray("tokenizer.ggml.scores");
    } else {
      scores = new float[tokens.length];
    }
    if (scores.length != tokens.length) {
      throw new ModelFormatException(
          source,
          "tokenizer.ggml.scores has "
              + scores.length
              + " entries for "
              + tokens.length
              + " tokens");
    }
    int bos = tokenId(metadata, "tokenizer.ggml.bos_token_id", 1, tokens.length, source);
    int eos = tokenId(metadata, "tokenizer.ggml.eos_token_id", 2, tokens.length, source);
    int unk = tokenId(metadata, "tokenizer.ggml.unknown_token_id", 0, tokens.length, source);
    boolean addSpacePrefix = metadata.getBoolean("tokenizer.ggml.add_space_prefix", true);
    return new Vocabulary(List.of(tokens), scores, bos, eos, unk, true, addSpacePrefix);
  }

  static int tokenId(GgufMetadata m, String key, int fallback, int size, String source) {
    int id = m.getInt(key, fallback);
    if (id < 0 || id >= size) {
      throw new ModelFormatException(
          source, key + " = " + id + " is outside the vocabulary of " + size + " tokens");
    }
    return id;
  }
}
