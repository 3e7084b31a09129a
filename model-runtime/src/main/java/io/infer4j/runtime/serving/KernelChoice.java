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
   * {@return {@link KernelMode#AUTO}}: llama.cpp's own arithmetic ({@link KernelMode#GGML}, its
   * greedy tokens) for files with block-quantized matrices of the types it runs in vector lanes
   * (every block type llama.cpp's CPU files hold here, Q4_0 of the shapes it repacks), {@link
   * KernelMode#VECTOR_INT8} for files of float weights, {@link KernelMode#REFERENCE} without the
   * Vector API module. On the
   * 1.1B-parameter files of {@code benchmarks/README.md} (2-vCPU Xeon) {@code GGML} decodes Q8_0
   * as fast as {@code VECTOR_INT8} and llama.cpp do and runs prompts at llama.cpp's speed, where
   * {@code VECTOR_INT8} runs them about 1.45x faster with tokens that part from llama.cpp's after
   * a few dozen: {@code kernels=vector-int8} chooses that.
   */
  public static KernelMode defaultMode() {
    return KernelMode.AUTO;
  }
}
