package io.infer4j.runtime.internal.kernels;

import java.util.Objects;

/**
 * The kernel implementations one forward pass uses, so a faster family can be swapped in and tested
 * against {@link #reference()}.
 *
 * @param matmul matrix-vector products
 * @param vectorOps norms, softmax, RoPE, SwiGLU
 */
public record Kernels(Matmul matmul, VectorOps vectorOps) {
  public Kernels {
    Objects.requireNonNull(matmul, "matmul");
    Objects.requireNonNull(vectorOps, "vectorOps");
  }

  private static final Kernels REFERENCE =
      new Kernels(new ReferenceMatmul(), new ReferenceVectorOps());

  /**
   * Created on first use only: {@link VectorMatmul} links against jdk.incubator.vector, which a
   * JVM started without {@code --add-modules jdk.incubator.vector} does not have, and the
   * reference kernels must work there.
   */
  private static final class VectorHolder {
    static final Kernels VECTOR = new Kernels(new VectorMatmul(), new VectorApiOps());
  }

  /** The plain-loop oracle kernels. */
  public static Kernels reference() {
    return REFERENCE;
  }

  /**
   * Vector API, multi-threaded matmul (the dominant cost) and attention scores ({@link
   * VectorApiOps}); the element-wise ops as the reference.
   */
  public static Kernels vector() {
    return VectorHolder.VECTOR;
  }
}
