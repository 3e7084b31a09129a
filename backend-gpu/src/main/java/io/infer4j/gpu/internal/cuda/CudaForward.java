package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One sequence's forward pass on the GPU, step for step the model runtime's {@code LlamaForward}:
 * the weights are {@link CudaWeights} (shared), the KV cache and activations live in device
 * memory owned by this object. Per decode step only the token id goes in (a kernel argument) and
 * the logits, or just the greedy token id, come out. A prompt runs in batches of up to {@code
 * maxBatch} tokens (the matvec kernels take the batch along grid.y).
 *
 * <p>Not thread-safe: one sequence, driven by one thread at a time. {@link #close()} frees its
 * device memory.
 */
public final class CudaForward implements AutoCloseable {
  private final CudaWeights w;
  private final CudaContext cuda;
  private final ModelConfig c;
  private final int maxBatch;
  private final List<DeviceBuffer> owned = new ArrayList<>();

  private final DeviceBuffer x; // (maxBatch, dim) activations
  private final DeviceBuffer xb; // (maxBatch, dim) inside a residual branch
  private final DeviceBuffer xb2; // (maxBatch, dim)
  private final DeviceBuffer q; // (maxBatch, dim) queries
  private final DeviceBuffer hb; // (maxBatch, hiddenDim) gate
  private final DeviceBuffer hb2; // (maxBatch, hiddenDim) up
  private final DeviceBuffer att; // (maxBatch, heads, contextLength) scores
  private final DeviceBuffer logits; // (vocabSize)
  private final DeviceBuffer best; // one int: the argmax of the logits
  private final DeviceBuffer keyCache; // (layers, contextLength, kvDim)
  private final DeviceBuffer valueCache; // (layers, contextLength, kvDim)
  private final float[] hostLogits; // the logits forward and prefill return, reused
  private final int[] oneToken = new int[1]; // the token of a decode step

  /**
   * Allocates one sequence's device state.
   *
   * @param maxBatch the most prompt tokens run in one batch (at least 1)
   */
  public CudaForward(CudaWeights weights, int maxBatch) {
    this.w = Objects.requireNonNull(weights, "weights");
    this.cuda = weights.context();
    this.c = weights.config();
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
    }
    if (!c.rope().isNone()) {
      // The rope kernel takes only the frequency base; scaled or partial RoPE would run wrongly.
      throw new IllegalArgumentException("the CUDA path does not yet support RoPE scaling or partial"
          + " rotary dimensions (" + c.rope() + "); serve this model on the CPU path");
    }
    if (c.headSize() > LaunchConfig.ATTENTION_MAX_HEAD || c.headSize() % 2 != 0) {
      throw new IllegalArgumentException("the CUDA kernels take even head sizes up to "
          + LaunchConfig.ATTENTION_MAX_HEAD + ", this model's is " + c.headSize());
    }
    this.maxBatch = maxBatch;
    this.hostLogits = new float[c.vocabSize()];
    try {
      long f = Float.BYTES;
      x = alloc(maxBatch * f * c.dim());
      xb = alloc(maxBatch * f * c.dim());
      xb2 = alloc(maxBatch * f * c.dim());
      q = alloc(maxBatch * f * c.dim());
      hb = alloc(maxBatch * f * c.hiddenDim());
      hb2 = alloc(maxBatch * f * c.hiddenDim());
      att = alloc(maxBatch * f * c.heads() * c.contextLength());
      logits = alloc(f * c.vocabSize());
      best = alloc(Integer.BYTES);
      keyCache = alloc(f * c.layers() * c.contextLength() * c.kvDim());
      valueCache = alloc(f * c.layers() * c.contextLength() * c.kvDim());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Device bytes one sequence takes: {@link #CudaForward}'s buffers. */
  public static long stateBytes(ModelConfig c, int maxBatch) {
    long f = Float.BYTES;
    return maxBatch * f * (4L * c.dim() + 2L * c.hiddenDim() + (long) c.heads() * c.contextLength())
        + f * c.vocabSize() + Integer.BYTES
        + 2 * f * c.layers() * c.contextLength() * c.kvDim();
  }

  private DeviceBuffer alloc(long bytes) {
    DeviceBuffer b = cuda.allocate(bytes);
    owned.add(b);
    return b;
  }

  /** The model's shape. */
  public ModelConfig config() {
    return c;
  }

  /**
   * Runs {@code token} at {@code pos} and returns the logits (vocabSize floats; the array is
   * reused by the next call of this method or {@link #prefill}, copy it to keep it).
   *
   * @throws IndexOutOfBoundsException if the token or position is out of range
   */
  public float[] forward(int token, int pos) {
    runOne(token, pos);
    return downloadLogits();
  }

  /** Runs {@code token} at {@code pos} and returns the greedy next token (argmax on device). */
  public int forwardArgmax(int token, int pos) {
    runOne(token, pos);
    return argmax();
  }

  /**
   * Runs {@code tokens} at positions {@code pos, pos + 1, ...} in batches of up to {@code
   * maxBatch}, and returns the logits after the last one (reused as {@link #forward}'s).
   */
  public float[] prefill(int[] tokens, int pos) {
    runAll(tokens, pos);
    return downloadLogits();
  }

  private void runAll(int[] tokens, int pos) {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("no tokens to run");
    }
    for (int from = 0; from < tokens.length; from += maxBatch) {
      int n = Math.min(maxBatch, tokens.length - from);
      run(tokens, from, n, pos + from);
    }
  }

  private void runOne(int token, int pos) {
    oneToken[0] = token;
    run(oneToken, 0, 1, pos);
  }

  private float[] downloadLogits() {
    logits.downloadFloats(hostLogits, 0);
    return hostLogits;
  }

  private int argmax() {
    cuda.launch("argmax", LaunchConfig.argmax(), logits.pointer(), c.vocabSize(), best.pointer());
    return best.downloadInt();
  }

  /** Tokens {@code tokens[from .. from + n)} at positions {@code pos0 ..}; logits of the last. */
  private void run(int[] tokens, int from, int n, int pos0) {
    Objects.checkFromIndexSize(pos0, n, c.contextLength());
    int dim = c.dim();
    int kvDim = c.kvDim();
    int hidden = c.hiddenDim();
    int ctx = c.contextLength();
    long f = Float.BYTES;
    LaunchConfig rows = LaunchConfig.perRow(n);

    // token embedding
    for (int t = 0; t < n; t++) {
      Objects.checkIndex(tokens[from + t], c.vocabSize());
      w.embedding().embed(cuda, tokens[from + t], x.pointer() + t * f * dim);
    }

    for (int l = 0; l < c.layers(); l++) {
      CudaWeights.Layer lw = w.layers().get(l);
      long layerCache = (long) l * ctx * kvDim * f;
      long k = keyCache.pointer() + layerCache + (long) pos0 * kvDim * f;
      long v = valueCache.pointer() + layerCache + (long) pos0 * kvDim * f;

      // attention rmsnorm
      cuda.launch("rmsnorm", rows, x.pointer(), lw.attentionNorm().pointer(), xb.pointer(), dim,
          c.rmsEps());

      // qkv projections; keys and values go straight into the cache at pos0 ..
      lw.wq().matvec(cuda, xb.pointer(), q.pointer(), n);
      lw.wk().matvec(cuda, xb.pointer(), k, n);
      lw.wv().matvec(cuda, xb.pointer(), v, n);

      // RoPE on queries and keys
      cuda.launch("rope", LaunchConfig.rope(dim, n), q.pointer(), dim, c.headSize(), pos0,
          c.ropeBase());
      cuda.launch("rope", LaunchConfig.rope(kvDim, n), k, kvDim, c.headSize(), pos0,
          c.ropeBase());

      // multi-head attention over the cache (GQA)
      cuda.launch("attention", LaunchConfig.attention(c.heads(), n, c.headSize()), q.pointer(),
          keyCache.pointer() + layerCache, valueCache.pointer() + layerCache, att.pointer(),
          xb.pointer(), c.headSize(), c.heads(), c.kvHeads(), pos0, ctx);

      // attention output projection and residual
      lw.wo().matvec(cuda, xb.pointer(), xb2.pointer(), n);
      cuda.launch("add_inplace", LaunchConfig.elementwise(n * dim), x.pointer(), xb2.pointer(),
          n * dim);

      // ffn rmsnorm
      cuda.launch("rmsnorm", rows, x.pointer(), lw.ffnNorm().pointer(), xb.pointer(), dim,
          c.rmsEps());

      // SwiGLU feed-forward: w2(silu(w1(x)) * w3(x))
      lw.w1().matvec(cuda, xb.pointer(), hb.pointer(), n);
      lw.w3().matvec(cuda, xb.pointer(), hb2.pointer(), n);
      cuda.launch("swiglu", LaunchConfig.elementwise(n * hidden), hb.pointer(), hb2.pointer(),
          n * hidden);
      lw.w2().matvec(cuda, hb.pointer(), xb.pointer(), n);

      // residual
      cuda.launch("add_inplace", LaunchConfig.elementwise(n * dim), x.pointer(), xb.pointer(),
          n * dim);
    }

    // final rmsnorm of the last token and classifier
    long last = x.pointer() + (n - 1) * f * dim;
    cuda.launch("rmsnorm", LaunchConfig.perRow(1), last, w.finalNorm().pointer(), xb.pointer(),
        dim, c.rmsEps());
    w.classifier().matvec(cuda, xb.pointer(), logits.pointer(), 1);
  }

  /** Frees this sequence's device memory. Idempotent. */
  @Override
  public void close() {
    owned.forEach(DeviceBuffer::close);
  }
}
