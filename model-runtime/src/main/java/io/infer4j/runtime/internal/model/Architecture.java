package io.infer4j.runtime.internal.model;

import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.kernels.RopeStyle;
import java.util.List;
import java.util.Objects;

/**
 * How one GGUF {@code general.architecture} departs from the Llama block (RMSNorm, RoPE, grouped
 * query attention, SwiGLU feed-forward). Every supported architecture is that block with a few
 * switches, read from llama.cpp's graph for it ({@code llm_build_llama}, {@code llm_build_qwen2},
 * {@code llm_build_qwen3}) and the models' Hugging Face configurations:
 *
 * <ul>
 *   <li>{@code llama}: no switches; RoPE on adjacent pairs (the converter permutes Q and K).
 *   <li>{@code qwen2} (Qwen2, Qwen2.5): a bias added to the Q, K and V projections ({@code
 *       blk.N.attn_q.bias}, {@code attn_k.bias}, {@code attn_v.bias}); RoPE in the NeoX layout.
 *   <li>{@code qwen3}: no biases; RMSNorm of each query and key head before RoPE ({@code
 *       blk.N.attn_q_norm.weight}, {@code attn_k_norm.weight}, one head wide, the model's RMS
 *       epsilon); RoPE in the NeoX layout; heads may be wider than {@code dim / heads}.
 * </ul>
 *
 * A missing {@code output.weight} ties the classifier to the embedding in all of them. Metadata
 * keys are prefixed with the name ({@code qwen2.embedding_length}).
 *
 * @param name the {@code general.architecture} value, also the metadata key prefix
 * @param qkvBias whether the Q, K and V projections add a bias
 * @param qkNorm whether each query and key head is RMS-normalized before RoPE
 * @param rope where the two elements of a RoPE pair sit
 */
public record Architecture(String name, boolean qkvBias, boolean qkNorm, RopeStyle rope) {
  public static final Architecture LLAMA = new Architecture("llama", false, false, RopeStyle.NORMAL);
  public static final Architecture QWEN2 = new Architecture("qwen2", true, false, RopeStyle.NEOX);
  public static final Architecture QWEN3 = new Architecture("qwen3", false, true, RopeStyle.NEOX);

  /** Every architecture this runtime runs, in the order error messages list them. */
  public static final List<Architecture> SUPPORTED = List.of(LLAMA, QWEN2, QWEN3);

  public Architecture {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rope, "rope");
  }

  /**
   * The architecture called {@code name}.
   *
   * @param source the file, for the error
   * @throws ModelFormatException naming the file, the architecture and the supported ones when it
   *     is not one of {@link #SUPPORTED}
   */
  public static Architecture named(String name, String source) {
    for (Architecture a : SUPPORTED) {
      if (a.name.equals(name)) {
        return a;
      }
    }
    throw new ModelFormatException(
        source, "general.architecture = " + name + " is not supported (supported: "
            + String.join(", ", SUPPORTED.stream().map(Architecture::name).toList()) + ")");
  }

  /** The metadata key {@code name.suffix}, as {@code qwen2.block_count}. */
  public String key(String suffix) {
    return name + "." + suffix;
  }
}
