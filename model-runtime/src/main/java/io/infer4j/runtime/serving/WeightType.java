package io.infer4j.runtime.serving;

/** How a model file stores its matrix weights (the type of its attention query projection). */
public enum WeightType {
  /** IEEE float32 (llama2.c checkpoints, F32 GGUF). */
  F32,
  /** IEEE float16. */
  F16,
  /** bfloat16. */
  BF16,
  /** GGML Q8_0: blocks of 32 int8 values with an fp16 scale (8.5 bits per weight). */
  Q8_0,
  /** GGML Q4_0: blocks of 32 4-bit values with an fp16 scale (4.5 bits per weight). */
  Q4_0,
  /** GGML Q4_1: Q4_0 plus an fp16 minimum per block (5 bits per weight). */
  Q4_1,
  /** GGML Q5_0: blocks of 32 5-bit values with an fp16 scale (5.5 bits per weight). */
  Q5_0,
  /** GGML Q5_1: Q5_0 plus an fp16 minimum per block (6 bits per weight). */
  Q5_1,
  /** GGML Q4_K: 256-element super-blocks of 4-bit values, 6-bit sub-scales (4.5 bits per weight). */
  Q4_K,
  /** GGML Q5_K: as Q4_K with a fifth bit (5.5 bits per weight). */
  Q5_K,
  /** GGML Q6_K: 256-element super-blocks of 6-bit values, int8 sub-scales (6.5625 bits per weight). */
  Q6_K
}
