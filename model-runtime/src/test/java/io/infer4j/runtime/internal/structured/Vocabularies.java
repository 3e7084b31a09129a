package io.infer4j.runtime.internal.structured;

import io.infer4j.runtime.Tokenizer;
import io.infer4j.runtime.Tokenizers;
import io.infer4j.runtime.internal.embedded.EmbeddedModel;
import io.infer4j.runtime.testing.SharedFiles;
import java.nio.file.Path;

/** The vocabularies the mask tests run on. */
final class Vocabularies {
  private Vocabularies() {}

  /** The vocabulary of the model shipped in the jar (stories260K, 512 SentencePiece tokens). */
  static Tokenizer shipped(Path dir) {
    return Tokenizers.fromGguf(EmbeddedModel.extract(dir));
  }

  /** GPT-2's byte-level BPE (50,257 tokens), from the shared models; skips when absent. */
  static Tokenizer gpt2() {
    return Tokenizers.fromGguf(SharedFiles.model("ggml-vocab-gpt-2.gguf"));
  }

  /** Llama 2's SentencePiece (32,000 tokens), from the shared models; skips when absent. */
  static Tokenizer llamaSpm() {
    return Tokenizers.fromGguf(SharedFiles.model("ggml-vocab-llama-spm.gguf"));
  }
}
