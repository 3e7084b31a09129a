package io.infer4j.runtime;

/** The file formats {@link LlamaModel#load} reads. */
public enum ModelFormat {
  /** GGUF v2/v3 (llama.cpp), weights F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1 or the K-quants Q4_K, Q5_K, Q6_K; vocabulary inside. */
  GGUF,
  /** llama2.c legacy checkpoint (float32), with a separate tokenizer file. */
  LLAMA2C
}
