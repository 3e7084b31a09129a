package io.infer4j.runtime.internal.tokenizer;

import io.infer4j.runtime.internal.gguf.GgufMetadata;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tokens that end a generation for a GGUF vocabulary, as llama.cpp b4916 (the build this
 * runtime's agreement is measured against) gathers its {@code special_eog_ids} ({@code
 * src/llama-vocab.cpp}, {@code llama_vocab::impl::load}; "determined based on the token text,
 * which is obviously not ideal", ggml-org/llama.cpp#9606): EOS; the file's end-of-turn and
 * end-of-message ids; the fill-in-the-middle pad, repository and file-separator tokens (by key,
 * else by text: Qwen2.5's {@code <|fim_pad|>}, {@code <|repo_name|>}, {@code <|file_sep|>}); and
 * every token whose text is one of {@link #TEXTS}. Later builds add texts ({@code
 * <|end_of_text|>}, {@code _<EOT>}, Granite's FIM tokens, ...), which b4916 runs past; checked on
 * b4916 itself through its {@code EOG token} log lines.
 */
final class EndOfGeneration {
  /** Texts llama.cpp b4916 ends a generation at, whatever their ids. */
  static final Set<String> TEXTS = Set.of("<|eot_id|>", "<|eom_id|>", "<|im_end|>", "<|end|>",
      "<end_of_turn>", "<|endoftext|>", "<EOT>");

  private static final List<String> ID_KEYS = List.of("tokenizer.ggml.eot_token_id",
      "tokenizer.ggml.eom_token_id");

  /**
   * Per fill-in-the-middle role: its key, then the texts llama.cpp b4916 looks for without the key
   * (the first of them the vocabulary has here; llama.cpp takes whichever its hash map yields first).
   */
  private static final List<List<String>> FIM = List.of(
      List.of("tokenizer.ggml.fim_pad_token_id", "<|fim_pad|>", "<fim-pad>", "<PAD>"),
      List.of("tokenizer.ggml.fim_rep_token_id", "<|fim_repo|>", "<|repo_name|>", "<fim-repo>",
          "<REPO>"),
      List.of("tokenizer.ggml.fim_sep_token_id", "<|file_sep|>"));

  private EndOfGeneration() {}

  /**
   * The ids for {@code pieces} (the vocabulary, by id) with EOS {@code eos}; a key whose id is
   * outside the vocabulary is passed over, as llama.cpp passes it over with a warning.
   *
   * @throws io.infer4j.ModelFormatException if a key is there but not an integer
   */
  static Set<Integer> ids(GgufMetadata metadata, List<String> pieces, int eos) {
    Set<Integer> ids = new TreeSet<>();
    ids.add(eos);
    for (String key : ID_KEYS) {
      addKey(metadata, key, pieces.size(), ids);
    }
    for (List<String> role : FIM) {
      if (!addKey(metadata, role.get(0), pieces.size(), ids)) {
        int id = firstOf(pieces, role.subList(1, role.size()));
        if (id >= 0) {
          ids.add(id);
        }
      }
    }
    for (int i = 0; i < pieces.size(); i++) {
      if (TEXTS.contains(pieces.get(i))) {
        ids.add(i);
      }
    }
    return Set.copyOf(ids);
  }

  /** Adds the id {@code key} names, if the file has it within the vocabulary; whether it had. */
  private static boolean addKey(GgufMetadata metadata, String key, int size, Set<Integer> ids) {
    if (!metadata.has(key)) {
      return false;
    }
    int id = metadata.requireInt(key);
    if (id >= 0 && id < size) {
      ids.add(id);
      return true;
    }
    return false;
  }

  /** The id of the first of {@code texts} the vocabulary has (its lowest id), or -1. */
  private static int firstOf(List<String> pieces, List<String> texts) {
    for (String text : texts) {
      int id = pieces.indexOf(text);
      if (id >= 0) {
        return id;
      }
    }
    return -1;
  }
}
