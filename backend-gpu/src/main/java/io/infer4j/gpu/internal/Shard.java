package io.infer4j.gpu.internal;

import io.infer4j.runtime.shape.ModelShape;
import java.util.Objects;

/**
 * One GPU's part of a model under Megatron-style tensor parallelism: attention split by heads,
 * feed-forward split by hidden columns (every expert split the same way), the LM head split by
 * vocabulary. KV heads are replicated when there are fewer of them than GPUs.
 *
 * @param shape the whole model
 * @param gpus tensor-parallel degree; divides the model's query heads
 */
public record Shard(ModelShape shape, int gpus) {

  public Shard {
    Objects.requireNonNull(shape, "shape");
    if (gpus < 1 || shape.heads() % gpus != 0) {
      throw new IllegalArgumentException(
          shape.name() + ": " + gpus + " GPUs do not divide its " + shape.heads() + " attention heads");
    }
  }

  /** Query heads on this GPU. */
  public int queryHeads() {
    return shape.heads() / gpus;
  }

  /** KV heads on this GPU (at least one: replicated when {@code kvHeads < gpus}). */
  public int kvHeads() {
    return Math.max(1, shape.kvHeads() / gpus);
  }

  /** Width of this GPU's Q projection output. */
  public long queryWidth() {
    return (long) queryHeads() * shape.headDim();
  }

  /** Width of this GPU's K (or V) projection output. */
  public long kvWidth() {
    return (long) kvHeads() * shape.headDim();
  }

  /** Feed-forward hidden columns on this GPU (per expert). */
  public long ffnWidth() {
    return ceilDiv(shape.ffnHidden(), gpus);
  }

  /** Vocabulary rows of the LM head on this GPU. */
  public long vocabRows() {
    return ceilDiv(shape.vocab(), gpus);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
