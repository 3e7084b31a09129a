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
 * batch's attention on the kernels' {@link RowPool}: a batch's tokens in parallel, a decode
 * step's heads in parallel). Holds its own KV cache, which grows with
 * the positions run, not with the context length (see {@link KvCache}).
 */
public final class BatchedLlamaForward {
  private final ModelConfig c;
  private final LlamaWeights w;
  private final Matmul mm;
  private final VectorOps ops;
  private final RopeTable rope; // per-pair rotation rates, as LlamaForward's
  private final int maxBatch;

  private final float[][] x; // (batch, dim) activations
  private int lastRow; // the row of x holding the last token of the last batch
  private final float[][] xb; // (batch, dim) inside a residual branch
  private final float[][] xb2; // (batch, dim)
  private final float[][] hb; // (batch, hiddenDim) gate
  private final float[][] hb2; // (batch, hiddenDim) up
  private final float[][] q; // (batch, queryDim)
  private final float[][] xa; // (batch, queryDim) attention output
  private final float[][] k; // (batch, kvDim)
  private final float[][] v; // (batch, kvDim)
  private final float[][] att; // (batch, cache capacity) scores of one head per token, grown
  private final float[][] headScores; // (heads, cache capacity) a decode step's scores per head
  private final float[][] decodeQkv; // q[0], k[0], v[0]: a decode step's one matmulEach
  private final float[][] decodeGateUp; // hb[0], hb2[0]: a decode step's one matmulEach
  private final float[] logits; // (vocabSize)
  private final KvCache cache; // keys and values of every position so far

  /**
   * @param config the shape, including the context length that bounds the positions
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
    this.rope = RopeTable.of(c, w.ropeFactors(), w.architecture().rope());
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
    }
    this.maxBatch = maxBatch;
    x = new float[maxBatch][c.dim()];
    xb = new float[maxBatch][c.dim()];
    xb2 = new float[maxBatch][c.dim()];
    hb = new float[maxBatch][c.hiddenDim()];
    hb2 = new float[maxBatch][c.hiddenDim()];
    q = new float[maxBatch][c.queryDim()];
    xa = new float[maxBatch][c.queryDim()];
    k = new float[maxBatch][c.kvDim()];
    v = new float[maxBatch][c.kvDim()];
    att = new float[maxBatch][0];
    headScores = new float[c.heads()][0];
    logits = new float[c.vocabSize()];
    cache = new KvCache(c, ops);
    decodeQkv = new float[][] {q[0], k[0], v[0]};
    decodeGateUp = new float[][] {hb[0], hb2[0]};
  }

  /**
   * The final hidden state (dim) of the last token of the last {@link #forward}: the residual
   * stream after the final rmsnorm, which the classifier reads. Reused by the next call.
   */
  public float[] hidden() {
    return x[lastRow];
  }

  /** Bytes the KV cache holds now: its capacity (whole blocks) x kvDim x layers x 2 x 4. */
  public long cacheBytes() {
    return cache.bytes();
  }

  /**
   * Runs {@code tokens} at positions {@code pos, pos + 1, ...}, filling the KV cache there, and
   * returns the logits of the last one (vocabSize; the array is reused by the next call).
   *
   * @throws IndexOutOfBoundsException if a token is not in the vocabulary or a position is not in
   *     {@code [0, contextLength)}
   * @throws IllegalArgumentException if {@code tokens} is empty
   * @throws KvCacheMemoryException if the heap cannot hold the cache up to the last position;
   *     the batches before the one that needed more memory have run then
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
    cache.reserve(pos + n);
    if (n == 1) {
      growScores(headScores, headScores.length); // a decode step: one array per head
    } else {
      growScores(att, n); // a batch: one array per token
    }
    int dim = c.dim();
    int qDim = c.queryDim();
    int kvDim = c.kvDim();
    Architecture arch = w.architecture();
    for (int t = 0; t < n; t++) {
      w.tokenEmbedding().readRow(Objects.checkIndex(tokens[from + t], c.vocabSize()), x[t], 0);
    }
    for (int l = 0; l < c.layers(); l++) {
      LayerWeights lw = w.layers().get(l);
      for (int t = 0; t < n; t++) {
        ops.rmsnorm(xb[t], x[t], lw.attentionNorm(), dim, c.rmsEps());
      }
      if (n == 1) { // a decode step: the three matrices in one hand-out to the threads
        mm.matmulEach(decodeQkv, lw.qkv(), xb[0]);
      } else {
        mm.matmulBatch(q, lw.wq(), xb, n);
        mm.matmulBatch(k, lw.wk(), xb, n);
        mm.matmulBatch(v, lw.wv(), xb, n);
      }
      for (int t = 0; t < n; t++) {
        if (arch.qkvBias()) {
          add(q[t], lw.qBias(), qDim);
          add(k[t], lw.kBias(), kvDim);
          add(v[t], lw.vBias(), kvDim);
        }
        if (arch.qkNorm()) {
          ops.rmsnormHeads(q[t], qDim, lw.qNorm(), c.headSize(), c.rmsEps());
          ops.rmsnormHeads(k[t], kvDim, lw.kNorm(), c.headSize(), c.rmsEps());
        }
        ops.rope(q[t], qDim, rope, pos + t);
        ops.rope(k[t], kvDim, rope, pos + t);
        cache.store(l, pos + t, k[t], v[t]);
      }
      int layer = l;
      if (n == 1) { // a decode step: the token's heads are independent, each with its own scores
        RowPool.forRows(c.heads(), 1, (a, b) -> {
          for (int h = a; h < b; h++) {
            cache.attendHead(layer, q[0], pos, headScores[h], xa[0], h);
          }
        });
      } else {
        RowPool.forRows(n, 1, (a, b) -> { // tokens are independent once the cache is filled
          for (int t = a; t < b; t++) {
            cache.attend(layer, q[t], pos + t, att[t], xa[t]);
          }
        });
      }
      mm.matmulBatch(xb2, lw.wo(), xa, n);
      for (int t = 0; t < n; t++) {
        add(x[t], xb2[t], dim);
        ops.rmsnorm(xb[t], x[t], lw.ffnNorm(), dim, c.rmsEps());
      }
      if (n == 1) {
        mm.matmulEach(decodeGateUp, lw.gateUp(), xb[0]);
      } else {
        mm.matmulBatch(hb, lw.w1(), xb, n);
        mm.matmulBatch(hb2, lw.w3(), xb, n);
      }
      for (int t = 0; t < n; t++) {
        ops.swiglu(hb[t], hb2[t], c.hiddenDim());
      }
      mm.matmulBatch(xb, lw.w2(), hb, n);
      for (int t = 0; t < n; t++) {
        add(x[t], xb[t], dim);
      }
    }
    float[] last = x[n - 1];
    lastRow = n - 1;
    ops.rmsnorm(last, last, w.finalNorm(), dim, c.rmsEps());
    mm.matmul(logits, w.classifier(), last);
  }

  /** Makes {@code scores[0, count)} hold the cache's capacity (their content is undefined). */
  private void growScores(float[][] scores, int count) {
    for (int i = 0; i < count; i++) {
      if (scores[i].length < cache.capacity()) {
        scores[i] = cache.newScores();
      }
    }
  }

  private static void add(float[] acc, float[] delta, int n) {
    LlamaForward.add(acc, delta, n);
  }
}
