/**
 * Tokenizers: SentencePiece-style BPE with byte fallback (llama2.c files and {@code llama} GGUF
 * vocabularies) and GPT-2 byte-level BPE ({@code gpt2} GGUF vocabularies), and their loading. Not
 * API: changes without notice.
 */
package io.infer4j.runtime.internal.tokenizer;
