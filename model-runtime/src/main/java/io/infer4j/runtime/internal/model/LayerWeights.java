package io.infer4j.runtime.internal.model;

import io.infer4j.runtime.internal.tensor.TensorView;

/**
 * One transformer block's weights. Matrices are {@code (rows, cols)} = (output, input), as {@code W
 * (d,n) @ x (n,) -> (d,)} reads them. Norm vectors are small float copies; matrices are views of
 * mapped memory. Arrays are shared, not copied: callers must not modify them.
 *
 * @param attentionNorm RMSNorm weight before attention, (dim)
 * @param wq query projection, (dim, dim)
 * @param wk key projection, (kvDim, dim)
 * @param wv value projection, (kvDim, dim)
 * @param wo attention output projection, (dim, dim)
 * @param ffnNorm RMSNorm weight before the feed-forward, (dim)
 * @param w1 gate projection, (hiddenDim, dim)
 * @param w2 down projection, (dim, hiddenDim)
 * @param w3 up projection, (hiddenDim, dim)
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
    TensorView w3) {}
