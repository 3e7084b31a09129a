package io.infer4j.gpu.internal;

import java.util.Objects;

/**
 * One kernel of a step on one GPU, described by what it moves and computes.
 *
 * @param name short name, e.g. {@code qkv}
 * @param bytes device-memory traffic in bytes (weights read, activations read and written, KV cache)
 * @param flops arithmetic operations (a multiply-add counts 2)
 * @param math which peak bounds the arithmetic
 */
public record Kernel(String name, double bytes, double flops, MathKind math) implements StepOp {

  public Kernel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(math, "math");
    if (!(bytes >= 0) || !(flops >= 0)) {
      throw new IllegalArgumentException(name + ": bytes and flops must be finite and >= 0");
    }
  }
}
