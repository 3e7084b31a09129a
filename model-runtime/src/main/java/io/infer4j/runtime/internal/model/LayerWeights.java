package io.infer4j.runtime.internal.model;

import io.infer4j.runtime.internal.tensor.TensorView;
import java.util.Objects;

/**
 * One transformer block's weights. Matrices are {@code (rows, cols)} = (output, input), as {@code W
 * (d,n) @ x (n,) -> (d,)} reads them. Norm and bias vectors are small float copies, empty when the
 * architecture has none; matrices are views of mapped memory. Arrays are shared, not copied:
 * callers must not modify them.
 *
 * @param attentionNorm RMSNorm weight before attention, (dim)
 * @param wq query projection, (queryDim, dim)
 * @param wk key projection, (kvDim, dim)
 * @param wv value projection, (kvDim, dim)
 * @param wo attention output projection, (dim, queryDim)
 * @param ffnNorm RMSNorm weight before the feed-forward, (dim)
 * @param w1 gate projection, (hiddenDim, dim)
 * @param w2 down projection, (dim, hiddenDim)
 * @param w3 up projection, (hiddenDim, dim)
 * @param qBias added to the query projection, (queryDim) or empty (Qwen2)
 * @param kBias added to the key projection, (kvDim) or empty
 * @param vBias added to the value projection, (kvDim) or empty
 * @param qNorm RMSNorm weight of each query head, (headSize) or empty (Qwen3)
 * @param kNorm RMSNorm weight of each key head, (headSize) or empty
 */
public record LayerWeights(
    float[] attentionNorm,
    TensorView wq,
    TensorView wk,
    TensorView wv,
    TensorView wo,
    float[] ffnNorm,
    TensorView w1,
    TensorView w2,
    TensorView w3,
    float[] qBias,
    float[] kBias,
    float[] vBias,
    float[] qNorm,
    float[] kNorm) {
  private static final float[] NONE = new float[0];

  public LayerWeights {
    Objects.requireNonNull(qBias, "qBias");
    Objects.requireNonNull(kBias, "kBias");
    Objects.requireNonNull(vBias, "vBias");
    Objects.requireNonNull(qNorm, "qNorm");
    Objects.requireNonNull(kNorm, "kNorm");
  }

  /** A Llama block: no biases, no query and key norms. */
  public LayerWeights(
      float[] attentionNorm,
      TensorView wq,
      TensorView wk,
      TensorView wv,
      TensorView wo,
      float[] ffnNorm,
      TensorView w1,
      TensorView w2,
      TensorView w3) {
    this(attentionNorm, wq, wk, wv, wo, ffnNorm, w1, w2, w3, NONE, NONE, NONE, NONE, NONE);
  }

  /** The query, key and value projections, which read the same vector ({@code matmulEach}). */
  public TensorView[] qkv() {
    return new TensorView[] {wq, wk, wv};
  }

  /** The gate and up projections (w1, w3), which read the same vector ({@code matmulEach}). */
  public TensorView[] gateUp() {
    return new TensorView[] {w1, w3};
  }
}
