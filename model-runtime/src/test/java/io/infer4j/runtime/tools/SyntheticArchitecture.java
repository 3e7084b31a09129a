package io.infer4j.runtime.tools;

/**
 * The {@code general.architecture} a synthetic file declares, and the tensors and keys that go
 * with it (llama.cpp's names, as the GGUF specification lists them).
 */
public enum SyntheticArchitecture {
  /** Llama: the plain block. */
  LLAMA("llama", false, false, 10000f),
  /** Qwen2 and Qwen2.5: biases on the Q, K, V projections; RoPE base 1e6 as Qwen2.5's configs. */
  QWEN2("qwen2", true, false, 1_000_000f),
  /**
   * Qwen3: per-head RMSNorm of queries and keys; {@code attention.key_length} and {@code
   * value_length} written, so heads may be wider than {@code dim / heads}.
   */
  QWEN3("qwen3", false, true, 1_000_000f);

  final String key;
  final boolean qkvBias;
  final boolean qkNorm;
  final float ropeBase;

  SyntheticArchitecture(String key, boolean qkvBias, boolean qkNorm, float ropeBase) {
    this.key = key;
    this.qkvBias = qkvBias;
    this.qkNorm = qkNorm;
    this.ropeBase = ropeBase;
  }

  /** The {@code general.architecture} value, also the prefix of the model's keys. */
  public String key() {
    return key;
  }
}
