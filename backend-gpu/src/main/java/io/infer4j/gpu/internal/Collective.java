package io.infer4j.gpu.internal;

import java.util.Objects;

/**
 * A tensor-parallel collective among the GPUs of one step.
 *
 * @param name short name, e.g. {@code attn_all_reduce}
 * @param kind all-reduce (Megatron-style TP: after the attention output and the FFN down projection)
 *     or all-gather (sharded logits)
 * @param bytes size of the full result each GPU ends up with, in bytes
 * @param gpus participants (at least 2)
 */
public record Collective(String name, Kind kind, double bytes, int gpus) implements StepOp {

  /** The collective operations the model uses. */
  public enum Kind {
    ALL_REDUCE,
    ALL_GATHER
  }

  public Collective {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (!(bytes >= 0) || gpus < 2) {
      throw new IllegalArgumentException(name + ": needs bytes >= 0 and at least 2 GPUs");
    }
  }

  /** Ring steps: 2(N-1) for an all-reduce (reduce-scatter then all-gather), N-1 for an all-gather. */
  public int ringSteps() {
    return kind == Kind.ALL_REDUCE ? 2 * (gpus - 1) : gpus - 1;
  }

  /** Bytes each GPU sends over its link: the ring's {@code steps / N} of the result. */
  public double bytesOnLink() {
    return bytes * ringSteps() / gpus;
  }
}
