package io.infer4j.runtime.internal.tokenizer;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.Tokenizer;
import io.infer4j.runtime.internal.gguf.GgufMetadata;
import java.util.ArrayList;
import java.util.List;

/** Builds the tokenizer a GGUF file describes, by {@code tokenizer.ggml.model}. */
public final class GgufTokenizers {
  /** GGUF token types (llama.cpp's {@code llama_token_type}). */
  private static final int UNKNOWN = 2;

  private static final int CONTROL = 3;
  private static final int USER_DEFINED = 4;

  private GgufTokenizers() {}

  /**
   * {@code llama}: SentencePiece BPE; {@code gpt2}: byte-level BPE with the pre-tokenizer named by
   * {@code tokenizer.ggml.pre}; BOS and EOS on prompts as {@link PromptAffixes} reads them, the
   * ends of a generation as {@link EndOfGeneration} gathers them.
   *
   * @throws ModelFormatException naming {@code source} if the kind is unsupported or keys are
   *     missing or inconsistent
   */
  public static Tokenizer read(GgufMetadata metadata, String source) {
    String model = metadata.requireString("tokenizer.ggml.model");
    return switch (model) {
      case "llama" -> {
        Vocabulary vocab = GgufVocabularies.read(metadata, source);
        int[] types = tokenTypes(metadata, vocab.size(), source);
        yield new SentencePieceTokenizer(vocab, specials(types, vocab.pieces(), vocab.bos(),
            vocab.eos()), PromptAffixes.SENTENCE_PIECE.overriddenBy(metadata),
            EndOfGeneration.ids(metadata, vocab.pieces(), vocab.eos()));
      }
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
                            + " is not supported (only default, gpt-2/gpt2, llama-bpe/llama3 and"
                            + " qwen2/deepseek-r1-qwen/stablelm2)"));
    boolean[] control = new boolean[tokens.length];
    int[] types = tokenTypes(metadata, tokens.length, source);
    for (int i = 0; i < types.length; i++) {
      control[i] = types[i] == CONTROL;
    }
    int bos =
        GgufVocabularies.tokenId(metadata, "tokenizer.ggml.bos_token_id", 0, tokens.length, source);
    int eos =
        GgufVocabularies.tokenId(metadata, "tokenizer.ggml.eos_token_id", 0, tokens.length, source);
    List<String> pieces = List.of(tokens);
    try {
      return new ByteLevelBpeTokenizer(
          new BpeVocabulary(pieces, List.of(merges), control, bos, eos, pre),
          specials(types, pieces, bos, eos), PromptAffixes.byteLevel(pre).overriddenBy(metadata),
          EndOfGeneration.ids(metadata, pieces, eos));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source, e.getMessage(), e);
    }
  }

  /** {@code tokenizer.ggml.token_type}, or an empty array when the file has none. */
  private static int[] tokenTypes(GgufMetadata metadata, int tokens, String source) {
    if (!metadata.has("tokenizer.ggml.token_type")) {
      return new int[0];
    }
    int[] types = metadata.requireIntArray("tokenizer.ggml.token_type");
    if (types.length != tokens) {
      throw new ModelFormatException(
          source,
          "tokenizer.ggml.token_type has " + types.length + " entries for " + tokens + " tokens");
    }
    return types;
  }

  /**
   * The tokens llama.cpp parses as special in text: control, user-defined and unknown ones by
   * {@code types} ({@link #tokenTypes}); BOS and EOS when the file has no types.
   */
  private static SpecialTokens specials(int[] types, List<String> pieces, int bos, int eos) {
    if (types.length == 0) {
      return SpecialTokens.of(pieces, List.of(bos, eos));
    }
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      if (types[i] == CONTROL || types[i] == USER_DEFINED || types[i] == UNKNOWN) {
        ids.add(i);
      }
    }
    return SpecialTokens.of(pieces, ids);
  }
}
