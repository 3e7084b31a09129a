package io.infer4j.runtime.internal.model;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.kernels.Kernels;
import io.infer4j.runtime.internal.kernels.Matmul;
import io.infer4j.runtime.internal.kernels.RopeTable;
import io.infer4j.runtime.internal.kernels.VectorOps;
import java.util.Objects;

/**
 * One sequence's forward pass through a Llama-family model, step by step as run.c's {@code
 * forward}, with the switches of the weights' {@link Architecture} (Q, K, V biases; query and key
 * head norms; the RoPE layout): activations and the KV cache live here, the weights are shared.
 *
 * <p>Memory grows with the positions run, not with the context length (see {@link KvCache}).
 *
 * <p>Not thread-safe: one instance per sequence, used by one thread at a time.
 */
public final class LlamaForward {
  private final ModelConfig c;
  private final LlamaWeights w;
  private final Matmul mm;
  private final VectorOps ops;
  private final RopeTable rope; // per-pair rotation rates, shared with BatchedLlamaForward's math

  private final float[] x; // activation at the current position (dim)
  private final float[] xb; // same, inside a residual branch (dim)
  private final float[] xb2; // another buffer for convenience (dim)
  private final float[] hb; // feed-forward gate buffer (hiddenDim)
  private final float[] hb2; // feed-forward up buffer (hiddenDim)
  private final float[] q; // query (queryDim)
  private final float[] xa; // attention output, every head (queryDim)
  private final float[] k; // key at the current position (kvDim)
  private final float[] v; // value at the current position (kvDim)
  private float[] att; // attention scores of one head (the cache's capacity, grown with it)
  private final float[] logits; // output (vocabSize)
  private final KvCache cache; // keys and values of every position so far
  private final float[][] qkv; // q, k, v: the outputs of one matmulEach
  private final float[][] gateUp; // hb, hb2: the outputs of one matmulEach

  /**
   * @param config the shape, including the context length that bounds the positions
   * @param weights the weights, already checked against {@code config}
   * @param kernels the kernels to run
   */
  public LlamaForward(ModelConfig config, LlamaWeights weights, Kernels kernels) {
    this.c = Objects.requireNonNull(config, "config");
    this.w = Objects.requireNonNull(weights, "weights");
    this.mm = kernels.matmul();
    this.ops = kernels.vectorOps();
    this.rope = RopeTable.of(c, w.ropeFactors(), w.architecture().rope());
    int dim = c.dim();
    x = new float[dim];
    xb = new float[dim];
    xb2 = new float[dim];
    hb = new float[c.hiddenDim()];
    hb2 = new float[c.hiddenDim()];
    q = new float[c.queryDim()];
    xa = new float[c.queryDim()];
    k = new float[c.kvDim()];
    v = new float[c.kvDim()];
    logits = new float[c.vocabSize()];
    cache = new KvCache(c, ops);
    att = cache.newScores();
    qkv = new float[][] {q, k, v};
    gateUp = new float[][] {hb, hb2};
  }

  /**
   * The final hidden state (dim) of the last {@link #forward}: the residual stream after the final
   * rmsnorm, which the classifier reads. Reused by the next call.
   */
  public float[] hidden() {
    return x;
  }

  /** The config this pass runs. */
  public ModelConfig config() {
    return c;
  }

  /** Bytes the KV cache holds now: its capacity (whole blocks) x kvDim x layers x 2 x 4. */
  public long cacheBytes() {
    return cache.bytes();
  }

  /**
   * Runs token {@code token} at position {@code pos}, filling the KV cache at {@code pos}, and
   * returns the logits (vocabSize; the array is reused by the next call).
   *
   * @throws IndexOutOfBoundsException if {@code token} is not in the vocabulary or {@code pos} is
   *     not in {@code [0, contextLength)}
   * @throws KvCacheMemoryException if the heap cannot hold the cache up to {@code pos}; nothing was
   *     run then
   */
  public float[] forward(int token, int pos) {
    Objects.checkIndex(token, c.vocabSize());
    Objects.checkIndex(pos, c.contextLength());
    cache.reserve(pos + 1);
    if (att.length < cache.capacity()) {
      att = cache.newScores();
    }
    int dim = c.dim();
    int qDim = c.queryDim();
    int kvDim = c.kvDim();
    Architecture arch = w.architecture();

    // token embedding
    w.tokenEmbedding().readRow(token, x, 0);

    for (int l = 0; l < c.layers(); l++) {
      LayerWeights lw = w.layers().get(l);

      // attention rmsnorm
      ops.rmsnorm(xb, x, lw.attentionNorm(), dim, c.rmsEps());

      // qkv projections
      mm.matmulEach(qkv, lw.qkv(), xb);
      if (arch.qkvBias()) { // Qwen2
        add(q, lw.qBias(), qDim);
        add(k, lw.kBias(), kvDim);
        add(v, lw.vBias(), kvDim);
      }

      // query and key head rmsnorm (Qwen3)
      if (arch.qkNorm()) {
        ops.rmsnormHeads(q, qDim, lw.qNorm(), c.headSize(), c.rmsEps());
        ops.rmsnormHeads(k, kvDim, lw.kNorm(), c.headSize(), c.rmsEps());
      }

      // RoPE on queries and keys
      ops.rope(q, qDim, rope, pos);
      ops.rope(k, kvDim, rope, pos);

      // store key and value at this position
      cache.store(l, pos, k, v);

      // multi-head attention; query head h reads kv head h / (heads / kvHeads) (GQA)
      cache.attend(l, q, pos, att, xa);

      // attention output projection and residual
      mm.matmul(xb2, lw.wo(), xa);
      for (int i = 0; i < dim; i++) {
        x[i] += xb2[i];
      }

      // ffn rmsnorm
      ops.rmsnorm(xb, x, lw.ffnNorm(), dim, c.rmsEps());

      // SwiGLU feed-forward: w2(silu(w1(x)) * w3(x))
      mm.matmulEach(gateUp, lw.gateUp(), xb);
      ops.swiglu(hb, hb2, c.hiddenDim());
      mm.matmul(xb, lw.w2(), hb);

      // residual
      for (int i = 0; i < dim; i++) {
        x[i] += xb[i];
      }
    }

    // final rmsnorm and classifier
    ops.rmsnorm(x, x, w.finalNorm(), dim, c.rmsEps());
    mm.matmul(logits, w.classifier(), x);
    return logits;
  }

  /** {@code acc[i] += delta[i]} for {@code i < n}. */
  static void add(float[] acc, float[] delta, int n) {
    for (int i = 0; i < n; i++) {
      acc[i] += delta[i];
    }
  }
}
