/**
 * Runs Llama-family models in pure Java: {@link io.infer4j.runtime.LlamaModel} loads GGUF or
 * llama2.c files (memory-mapped), {@link io.infer4j.runtime.Tokenizer} encodes and decodes, {@link
 * io.infer4j.runtime.Session} runs the forward pass token by token, {@link
 * io.infer4j.runtime.Sampler}s pick tokens and {@link io.infer4j.runtime.Generator} ties them
 * together as llama2.c's run.c does. Everything under {@code internal} is not API.
 */
package io.infer4j.runtime;
