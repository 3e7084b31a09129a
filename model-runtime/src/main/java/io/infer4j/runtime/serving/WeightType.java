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
  Q4_0
}
