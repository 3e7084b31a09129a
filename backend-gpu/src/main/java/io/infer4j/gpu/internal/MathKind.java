package io.infer4j.gpu.internal;

/** Which arithmetic peak bounds a kernel's compute time. */
public enum MathKind {
  /** A matmul against the weights: the tensor-core rate of the weight precision. */
  WEIGHT_MATMUL,
  /** Attention score and value products: the 16-bit tensor-core rate. */
  ATTENTION,
  /** Element-wise or reduction work (norms, RoPE, SwiGLU, adds): memory-bound, flops not charged. */
  ELEMENTWISE
}
