package io.infer4j.runtime.serving;

import io.infer4j.runtime.KernelMode;

/** Which {@link KernelMode} a backend runs when its configuration does not say. */
public final class KernelChoice {
  /** Name of the Vector API module that {@link KernelMode#VECTOR} needs. */
  public static final String VECTOR_MODULE = "jdk.incubator.vector";

  private KernelChoice() {}

  /** {@return whether the Vector API module is in the boot layer ({@code --add-modules jdk.incubator.vector})} */
  public static boolean vectorAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /**
   * {@return {@link KernelMode#VECTOR} when the Vector API is available, else {@link
   * KernelMode#REFERENCE}}
   */
  public static KernelMode defaultMode() {
    return vectorAvailable() ? KernelMode.VECTOR : KernelMode.REFERENCE;
  }
}
