package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.model.Architecture;
import io.infer4j.runtime.internal.model.LayerWeights;
import io.infer4j.runtime.internal.model.LlamaWeights;
import io.infer4j.runtime.internal.kernels.RopeStyle;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.util.Objects;

/**
 * One sequence through the graph llama.cpp b4916 builds for a Llama-family model ({@code
 * llm_build_llama}; Qwen2's biases and Qwen3's head norms as extra ops), each op computed as
 * ggml's CPU backend does (see the package). A call is one ubatch: llama.cpp evaluates a whole
 * prompt as one (products of two or more tokens may take tinyBLAS, see {@link MulMat}), then one
 * token per call. As llama.cpp asks logits of the last token only, the last layer keeps only that
 * token after attention ({@code inp_out_ids}), so its feed-forward and the classifier are
 * one-token products.
 *
 * <p>Not thread-safe: one instance per sequence.
 */
public final class GgmlLlamaForward {
  private final ModelConfig c;
  private final LlamaWeights w;
  private final Rope rope;
  private final F16KvCache cache;
  private final float[] hidden; // the last token's final hidden state (dim)

  /**
   * @param config the shape
   * @param weights the weights, already checked against {@code config}
   */
  public GgmlLlamaForward(ModelConfig config, LlamaWeights weights) {
    this.c = Objects.requireNonNull(config, "config");
    this.w = Objects.requireNonNull(weights, "weights");
    this.rope = new Rope(c.headSize(), c.ropeDimensions(), c.ropeBase(),
        1.0f / c.rope().linearFactor(), w.ropeFactors(),
        w.architecture().rope() == RopeStyle.NEOX);
    this.cache = new F16KvCache(c);
    this.hidden = new float[c.dim()];
  }

  /** The final hidden state (dim) of the last token of the last {@link #forward}; reused. */
  public float[] hidden() {
    return hidden;
  }

  /** Bytes the KV cache holds (float arrays of fp16 values: twice llama.cpp's fp16 cache). */
  public long cacheBytes() {
    return cache.bytes();
  }

  /**
   * Runs {@code tokens} at positions {@code pos, pos + 1, ...} as one ubatch and returns the logits
   * after the last (vocabSize, a new array).
   *
   * @throws IllegalArgumentException if {@code tokens} is empty
   * @throws IndexOutOfBoundsException if a token is not in the vocabulary or a position not in the
   *     context
   * @throws io.infer4j.runtime.internal.model.KvCacheMemoryException if the heap cannot hold the
   *     KV cache for these positions (the cache is unchanged)
   */
  public float[] forward(int[] tokens, int pos) {
    int n = tokens.length;
    if (n < 1) {
      throw new IllegalArgumentException("a ubatch needs at least one token");
    }
    Objects.checkFromIndexSize(pos, n, c.contextLength());
    for (int token : tokens) {
      Objects.checkIndex(token, c.vocabSize());
    }
    cache.reserve(pos + n);
    int dim = c.dim();
    int qDim = c.queryDim();
    int kvDim = c.kvDim();
    Architecture arch = w.architecture();
    int nKv = F16KvCache.padded(pos + n);
    int[] positions = new int[n];
    float[][] angles = new float[n][];
    for (int t = 0; t < n; t++) {
      positions[t] = pos + t;
      angles[t] = rope.angles(pos + t);
    }

    // token embedding (get_rows: Q8_0 dequantized as int8 * fp16 scale, F16 widened)
    float[][] x = new float[n][dim];
    for (int t = 0; t < n; t++) {
      w.tokenEmbedding().readRow(tokens[t], x[t], 0);
    }
    float[][] xb = new float[n][dim];
    float[][] q = new float[n][qDim];
    float[][] k = new float[n][kvDim];
    float[][] v = new float[n][kvDim];
    float[][] att = new float[n][qDim];

    for (int l = 0; l < c.layers(); l++) {
      LayerWeights lw = w.layers().get(l);

      // attention rmsnorm
      for (int t = 0; t < n; t++) {
        Ops.rmsNorm(xb[t], 0, x[t], 0, lw.attentionNorm(), dim, c.rmsEps());
      }

      // qkv projections, biases (Qwen2), head norms (Qwen3), RoPE, into the cache
      MulMat.mulEach(new float[][][] {q, k, v}, new TensorView[] {lw.wq(), lw.wk(), lw.wv()}, xb,
          n);
      for (int t = 0; t < n; t++) {
        if (arch.qkvBias()) {
          add(q[t], lw.qBias());
          add(k[t], lw.kBias());
          add(v[t], lw.vBias());
        }
        if (arch.qkNorm()) {
          headNorm(q[t], qDim, lw.qNorm());
          headNorm(k[t], kvDim, lw.kNorm());
        }
        rope.apply(q[t], 0, qDim, angles[t]);
        rope.apply(k[t], 0, kvDim, angles[t]);
        cache.store(l, pos + t, k[t], v[t]);
      }

      // attention and its output projection
      cache.attend(l, q, positions, n, nKv, c.heads(), att);
      MulMat.mul(xb, lw.wo(), att, n);

      // the last layer keeps the last token only (llama.cpp's inp_out_ids)
      if (l == c.layers() - 1 && n > 1) {
        x = new float[][] {x[n - 1]};
        xb = new float[][] {xb[n - 1]};
        n = 1;
      }

      // residual, ffn rmsnorm, SwiGLU feed-forward (up, gate, silu(gate) * up, down), residual
      for (int t = 0; t < n; t++) {
        add(x[t], xb[t]);
        Ops.rmsNorm(xb[t], 0, x[t], 0, lw.ffnNorm(), dim, c.rmsEps());
      }
      float[][] up = new float[n][c.hiddenDim()];
      float[][] gate = new float[n][c.hiddenDim()];
      MulMat.mulEach(new float[][][] {up, gate}, new TensorView[] {lw.w3(), lw.w1()}, xb, n);
      for (int t = 0; t < n; t++) {
        Ops.siluMul(gate[t], 0, up[t], 0, c.hiddenDim());
      }
      MulMat.mul(xb, lw.w2(), gate, n);
      for (int t = 0; t < n; t++) {
        add(x[t], xb[t]);
      }
    }

    // final rmsnorm and classifier, last token only
    Ops.rmsNorm(hidden, 0, x[n - 1], 0, w.finalNorm(), dim, c.rmsEps());
    float[][] logits = new float[1][c.vocabSize()];
    MulMat.mul(logits, w.classifier(), new float[][] {hidden}, 1);
    return logits[0];
  }

  /** {@code acc[i] += delta[i]} ({@code ggml_add}). */
  private static void add(float[] acc, float[] delta) {
    for (int i = 0; i < delta.length; i++) {
      acc[i] += delta[i];
    }
  }

  /** RMSNorm of each head in place, one weight of headSize for all (Qwen3). */
  private void headNorm(float[] x, int length, float[] weight) {
    for (int h = 0; h < length; h += c.headSize()) {
      Ops.rmsNorm(x, h, x, h, weight, c.headSize(), c.rmsEps());
    }
  }
}
