package io.infer4j.runtime.serving;

import io.infer4j.runtime.KernelMode;

/** Which {@link KernelMode} a backend runs when its configuration does not say. */
public final class KernelChoice {
  /** Name of the Vector API module that {@link KernelMode#VECTOR} and its variants need. */
  public static final String VECTOR_MODULE = "jdk.incubator.vector";

  private KernelChoice() {}

  /** {@return whether the Vector API module is in the boot layer ({@code --add-modules jdk.incubator.vector})} */
  public static boolean vectorAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /**
   * {@return {@link KernelMode#VECTOR_INT8} when the Vector API is available, else {@link
   * KernelMode#REFERENCE}}: the fastest CPU kernels measured here. {@code VECTOR_INT8} runs float
   * weights as {@link KernelMode#VECTOR} does and prompts (from 8 to 16 tokens, by weight type)
   * through its float batch path too; on block-quantized files it decodes faster (1.15x to 1.4x on
   * Q8_0, about 1.8x on Q4_K on this project's Zen 1 host, {@code benchmarks/README.md}).
   */
  public static KernelMode defaultMode() {
    return vectorAvailable() ? KernelMode.VECTOR_INT8 : KernelMode.REFERENCE;
  }
}
