package io.infer4j.runtime;

/** Which CPU kernels a model's sessions run. */
public enum KernelMode {
  /**
   * Plain loops that read like the math, in run.c's float32 order: slow, and token-exact against
   * llama2.c's run.c.
   */
  REFERENCE,
  /**
   * Vector API dot products spread over the common fork-join pool: faster; logits differ from
   * {@link #REFERENCE} by float rounding only, so long greedy runs can eventually pick another
   * token where two were nearly tied.
   */
  VECTOR,
  /**
   * As {@link #VECTOR}, except that Q8_0 weights are multiplied with the activations quantized to
   * Q8_0 too (per block of 32: an fp16 scale {@code max|x| / 127} and int8 values), integer dot
   * products per block, as llama.cpp does ({@code vec_dot_q8_0_q8_0}): tokens closer to
   * llama.cpp's on its own Q8_0 files. Other weight types as {@link #VECTOR}.
   */
  VECTOR_INT8,
  /**
   * llama.cpp's own CPU arithmetic (ggml, build b4916, x86-64 AVX2 with FMA and F16C): its F16 KV
   * cache, its fp16 and int8 roundings of activations, its exp approximation and its summation
   * orders, op by op, for token-exact agreement with that build of llama.cpp on Llama-family
   * files. F32, F16 and Q8_0 weights follow it; other types run in float32 (not llama.cpp's
   * order). Slow: scalar code emulating vector lanes, meant for checking, not for serving.
   */
  GGML
}
