package io.infer4j.runtime.internal.model;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.kernels.Kernels;
import io.infer4j.runtime.internal.kernels.Matmul;
import io.infer4j.runtime.internal.kernels.RopeTable;
import io.infer4j.runtime.internal.kernels.RowPool;
import io.infer4j.runtime.internal.kernels.VectorOps;
import java.util.Objects;

/**
 * One sequence's forward pass that runs several tokens at once (prompt processing): every weight
 * matrix is applied to the whole batch with {@link Matmul#matmulBatch}, so a fast kernel reads
 * each weight row once per batch instead of once per token. Per token the arithmetic is {@link
 * LlamaForward}'s (same ops, same order of the attention sums), so logits agree with it to the
 * kernels' rounding. A batch of one is a decode step.
 *
 * <p>Not thread-safe: one instance per sequence, used by one thread at a time (it runs the
 * batch's attention on the kernels' {@link RowPool}). Holds its own KV
 * cache of {@code contextLength} positions.
 */
public final class BatchedLlamaForward {
  private final ModelConfig c;
  private final LlamaWeights w;
  private final Matmul mm;
  private final VectorOps ops;
  private final RopeTable rope; // per-pair rotation rates, as LlamaForward's
  private final int maxBatch;

  private final float[][] x; // (batch, dim) activations
  private final float[][] xb; // (batch, dim) inside a residual branch
  private final float[][] xb2; // (batch, dim)
  private final float[][] hb; // (batch, hiddenDim) gate
  private final float[][] hb2; // (batch, hiddenDim) up
  private final float[][] q; // (batch, dim)
  private final float[][] k; // (batch, kvDim)
  private final float[][] v; // (batch, kvDim)
  private final float[][] att; // (batch, contextLength) scores of one head per token
  private final float[] logits; // (vocabSize)
  private final float[][] keyCache; // (layer, contextLength * kvDim)
  private final float[][] valueCache; // (layer, contextLength * kvDim)

  /**
   * @param config the shape, including the context length to allocate the KV cache for
   * @param weights the weights, already checked against {@code config}
   * @param kernels the kernels to run
   * @param maxBatch the most tokens one call runs (longer prompts go in several calls)
   */
  public BatchedLlamaForward(
      ModelConfig config, LlamaWeights weights, Kernels kernels, int maxBatch) {
    this.c = Objects.requireNonNull(config, "config");
    this.w = Objects.requireNonNull(weights, "weights");
    this.mm = kernels.matmul();
    this.ops = kernels.vectorOps();
    this.rope = RopeTable.of(c, w.ropeFactors());
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
    }
    this.maxBatch = maxBatch;
    x = new float[maxBatch][c.dim()];
    xb = new float[maxBatch][c.dim()];
    xb2 = new float[maxBatch][c.dim()];
    hb = new float[maxBatch][c.hiddenDim()];
    hb2 = new float[maxBatch][c.hiddenDim()];
    q = new float[maxBatch][c.dim()];
    k = new float[maxBatch][c.kvDim()];
    v = new float[maxBatch][c.kvDim()];
    att = new float[maxBatch][c.contextLength()];
    logits = new float[c.vocabSize()];
    long cache = (long) c.contextLength() * c.kvDim();
    if (cache > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "KV cache of " + c.contextLength() + " x " + c.kvDim() + " floats per layer is too large");
    }
    keyCache = new float[c.layers()][(int) cache];
    valueCache = new float[c.layers()][(int) cache];
  }

  /**
   * Runs {@code tokens} at positions {@code pos, pos + 1, ...}, filling the KV cache there, and
   * returns the logits of the last one (vocabSize; the array is reused by the next call).
   *
   * @throws IndexOutOfBoundsException if a token is not in the vocabulary or a position is not in
   *     {@code [0, contextLength)}
   * @throws IllegalArgumentException if {@code tokens} is empty
   */
  public float[] forward(int[] tokens, int pos) {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("no tokens");
    }
    Objects.checkFromIndexSize(pos, tokens.length, c.contextLength());
    for (int from = 0; from < tokens.length; from += maxBatch) {
      int n = Math.min(maxBatch, tokens.length - from);
      batch(tokens, from, n, pos + from);
    }
    return logits;
  }

  private void batch(int[] tokens, int from, int n, int pos) {
    int dim = c.dim();
    int kvDim = c.kvDim();
    for (int t = 0; t < n; t++) {
      w.tokenEmbedding().readRow(Objects.checkIndex(tokens[from + t], c.vocabSize()), x[t], 0);
    }
    for (int l = 0; l < c.layers(); l++) {
      LayerWeights lw = w.layers().get(l);
      for (int t = 0; t < n; t++) {
        ops.rmsnorm(xb[t], x[t], lw.attentionNorm(), dim, c.rmsEps());
      }
      mm.matmulBatch(q, lw.wq(), xb, n);
      mm.matmulBatch(k, lw.wk(), xb, n);
      mm.matmulBatch(v, lw.wv(), xb, n);
      for (int t = 0; t < n; t++) {
        ops.rope(q[t], dim, rope, pos + t);
        ops.rope(k[t], kvDim, rope, pos + t);
        System.arraycopy(k[t], 0, keyCache[l], (pos + t) * kvDim, kvDim);
        System.arraycopy(v[t], 0, valueCache[l], (pos + t) * kvDim, kvDim);
      }
      int layer = l;
      RowPool.forRows(n, 1, (a, b) -> { // tokens are independent once the cache is filled
        for (int t = a; t < b; t++) {
          attention(layer, t, pos + t);
        }
      });
      mm.matmulBatch(xb2, lw.wo(), xb, n);
      for (int t = 0; t < n; t++) {
        add(x[t], xb2[t], dim);
        ops.rmsnorm(xb[t], x[t], lw.ffnNorm(), dim, c.rmsEps());
      }
      mm.matmulBatch(hb, lw.w1(), xb, n);
      mm.matmulBatch(hb2, lw.w3(), xb, n);
      for (int t = 0; t < n; t++) {
        ops.swiglu(hb[t], hb2[t], c.hiddenDim());
      }
      mm.matmulBatch(xb, lw.w2(), hb, n);
      for (int t = 0; t < n; t++) {
        add(x[t], xb[t], dim);
      }
    }
    float[] last = x[n - 1];
    ops.rmsnorm(last, last, w.finalNorm(), dim, c.rmsEps());
    mm.matmul(logits, w.classifier(), last);
  }

  /** Multi-head attention of batch token {@code t} at {@code pos} into {@code xb[t]}. */
  private void attention(int layer, int t, int pos) {
    int headSize = c.headSize();
    int kvDim = c.kvDim();
    int kvMul = c.heads() / c.kvHeads();
    float[] kc = keyCache[layer];
    float[] vc = valueCache[layer];
    float[] qt = q[t];
    float[] out = xb[t];
    float[] att = this.att[t];
    float scale = (float) Math.sqrt(headSize);
    for (int h = 0; h < c.heads(); h++) {
      int qOff = h * headSize;
      int kvOff = (h / kvMul) * headSize;
      for (int p = 0; p <= pos; p++) {
        int kOff = p * kvDim + kvOff;
        float score = 0.0f;
        for (int i = 0; i < headSize; i++) {
          score += qt[qOff + i] * kc[kOff + i];
        }
        att[p] = score / scale;
      }
      ops.softmax(att, 0, pos + 1);
      for (int i = 0; i < headSize; i++) {
        out[qOff + i] = 0.0f;
      }
      for (int p = 0; p <= pos; p++) {
        int vOff = p * kvDim + kvOff;
        float a = att[p];
        for (int i = 0; i < headSize; i++) {
          out[qOff + i] += a * vc[vOff + i];
        }
      }
    }
  }

  private static void add(float[] acc, float[] delta, int n) {
    for (int i = 0; i < n; i++) {
      acc[i] += delta[i];
    }
  }
}
