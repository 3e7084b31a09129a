package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.serving.KernelChoice;

/**
 * Whether this package's products run as {@link VectorDots} (and K-quant codes unpack as {@link
 * VectorCodes}): the Vector API module is in the boot layer, 256-bit vectors are native, and
 * {@code -Dinfer4j.ggml.vector=false} did not switch them off. Without the module the scalar forms
 * run and no Vector API class is loaded (this class names none). Stateless.
 */
final class VectorChoice {
  static final boolean ENABLED =
      Boolean.parseBoolean(System.getProperty("infer4j.ggml.vector", "true"))
          && KernelChoice.vectorAvailable()
          && VectorDots.nativeWidth();

  private VectorChoice() {}
}
