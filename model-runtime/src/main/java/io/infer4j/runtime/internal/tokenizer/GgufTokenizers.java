package io.infer4j.runtime.internal.tokenizer;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.Tokenizer;
import io.infer4j.runtime.internal.gguf.GgufMetadata;
import java.util.List;

/** Builds the tokenizer a GGUF file describes, by {@code tokenizer.ggml.model}. */
public final class GgufTokenizers {
  /** GGUF token type of control tokens (BOS, EOS, chat markers). */
  private static final int CONTROL = 3;

  private GgufTokenizers() {}

  /**
   * {@code llama}: SentencePiece BPE; {@code gpt2}: byte-level BPE with the pre-tokenizer named by
   * {@code tokenizer.ggml.pre}.
   *
   * @throws ModelFormatException naming {@code source} if the kind is unsupported or keys are
   *     missing or inconsistent
   */
  public static Tokenizer read(GgufMetadata metadata, String source) {
    String model = metadata.requireString("tokenizer.ggml.model");
    return switch (model) {
      case "llama" -> new SentencePieceTokenizer(GgufVocabularies.read(metadata, source));
      case "gpt2" -> byteLevel(metadata, source);
      default ->
          throw new ModelFormatException(
              source,
              "tokenizer.ggml.model = "
                  + model
                  + " is not supported (only 'llama', SentencePiece, and 'gpt2', byte-level BPE)");
    };
  }

  private static Tokenizer byteLevel(GgufMetadata metadata, String source) {
    String[] tokens = metadata.requireStringArray("tokenizer.ggml.tokens");
    String[] merges = metadata.requireStringArray("tokenizer.ggml.merges");
    String preName = metadata.getString("tokenizer.ggml.pre", "default");
    PreTokenizer pre =
        PreTokenizer.byGgufName(preName)
            .orElseThrow(
                () ->
                    new ModelFormatException(
                        source,
                        "tokenizer.ggml.pre = "
                            + preName
                            + " is not supported (only default/gpt2 and llama-bpe/llama3)"));
    boolean[] control = new boolean[tokens.length];
    if (metadata.has("tokenizer.ggml.token_type")) {
      int[] types = metadata.requireIntArray("tokenizer.ggml.token_type");
      if (types.length != tokens.length) {
        throw new ModelFormatException(
            source,
            "tokenizer.ggml.token_type has "
                + types.length
                + " entries for "
                + tokens.length
                + " tokens");
      }
      for (int i = 0; i < types.length; i++) {
        control[i] = types[i] == CONTROL;
      }
    }
    int bos =
        GgufVocabularies.tokenId(metadata, "tokenizer.ggml.bos_token_id", 0, tokens.length, source);
    int eos =
        GgufVocabularies.tokenId(metadata, "tokenizer.ggml.eos_token_id", 0, tokens.length, source);
    try {
      return new ByteLevelBpeTokenizer(
          new BpeVocabulary(List.of(tokens), List.of(merges), control, bos, eos, pre));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source, e.getMessage(), e);
    }
  }
}
