package io.infer4j.runtime.internal.kernels;

/**
 * Which elements of a head RoPE turns together, as llama.cpp's {@code LLAMA_ROPE_TYPE_NORM} and
 * {@code LLAMA_ROPE_TYPE_NEOX} name the two layouts. Both turn pair {@code j} by the same angle
 * ({@link RopeTable#angle}); they differ only in where the pair's two elements sit.
 */
public enum RopeStyle {
  /**
   * Adjacent elements {@code (2j, 2j+1)}: llama2.c, and Llama GGUF files (llama.cpp's converter
   * permutes the Q and K rows of Llama checkpoints into this layout).
   */
  NORMAL,
  /**
   * Elements {@code (j, j + dims/2)} of the rotated {@code dims}: GPT-NeoX's "rotate_half", which
   * Hugging Face's Qwen2 and Qwen3 code uses and whose GGUF files keep unpermuted (llama.cpp runs
   * the {@code qwen2} and {@code qwen3} architectures with {@code LLAMA_ROPE_TYPE_NEOX}).
   */
  NEOX
}
