package io.infer4j.runtime.internal.tokenizer;

import io.infer4j.runtime.internal.gguf.GgufMetadata;

/**
 * Whether a vocabulary puts BOS in front of a prompt and EOS behind it: what llama.cpp's {@code
 * llama_tokenize} adds with {@code add_special} (its server's completions and embeddings). Its
 * custom (b4916 and later, {@code src/llama-vocab.cpp}, {@code llama_vocab::impl::load}): BOS and
 * no EOS for SentencePiece vocabularies; neither for byte-level BPE, except where the
 * pre-tokenizer is Llama 3's ({@code llama3}, {@code llama-v3}, {@code llama-bpe}); and the file's
 * {@code tokenizer.ggml.add_bos_token} and {@code tokenizer.ggml.add_eos_token} over both. So a
 * Qwen2.5 file ({@code add_bos_token = false}) and a GPT-2 one (no key) start a prompt with its
 * first word, a Llama 2 or Llama 3 file with BOS.
 *
 * @param bos whether BOS goes in front
 * @param eos whether EOS goes behind
 */
record PromptAffixes(boolean bos, boolean eos) {
  static final String ADD_BOS = "tokenizer.ggml.add_bos_token";
  static final String ADD_EOS = "tokenizer.ggml.add_eos_token";

  /** SentencePiece vocabularies (GGUF {@code llama}, llama2.c's {@code run.c}): BOS only. */
  static final PromptAffixes SENTENCE_PIECE = new PromptAffixes(true, false);

  /** Byte-level BPE with the pre-tokenizer {@code pre}: BOS for Llama 3's alone. */
  static PromptAffixes byteLevel(PreTokenizer pre) {
    return new PromptAffixes(pre == PreTokenizer.LLAMA3, false);
  }

  /**
   * These, each replaced by the file's key where it has one.
   *
   * @throws io.infer4j.ModelFormatException if a key is there but not a bool
   */
  PromptAffixes overriddenBy(GgufMetadata metadata) {
    return new PromptAffixes(
        metadata.getBoolean(ADD_BOS, bos), metadata.getBoolean(ADD_EOS, eos));
  }
}
