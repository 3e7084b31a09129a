package io.infer4j.gpu.internal;

/** Which step of a generation a kernel list belongs to; engines may differ in efficiency by phase. */
public enum Phase {
  /** The prompt: matrix-matrix products over all its tokens. */
  PREFILL,
  /** One new token per sequence: matrix-vector products. */
  DECODE
}
