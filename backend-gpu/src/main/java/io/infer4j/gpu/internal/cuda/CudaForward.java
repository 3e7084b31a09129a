package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.kernels.RopeTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One sequence's forward pass on the GPU, step for step the model runtime's {@code LlamaForward}:
 * the weights are {@link CudaWeights} (shared), the KV cache and activations live in device
 * memory owned by this object.
 *
 * <p>A decode step is nine kernels per layer: RMSNorm; the query, key and value products in one
 * launch; RoPE with the key/value cache write; attention split over chunks of the cached
 * positions and its merge ({@link DecodeSplits}); the output product with the residual
 * add fused; RMSNorm; the gate and up products with SwiGLU fused; the down product with the
 * residual add fused. The token and position of the step live in device memory, so the whole step
 * is recorded once per position bucket as a {@link CudaGraph} and replayed per token (per-token host work: one small
 * copy and one graph launch). Prompts run in batches of up to {@link #maxBatch()} tokens, their
 * matrix products on the tensor cores ({@link PromptGemm}) when cuBLAS is there and the batch has
 * at least {@link #PROMPT_GEMM_MIN_BATCH} tokens, else through the batched matvec kernels. {@link
 * ForwardOptions} turns either fast path off.
 *
 * <p>Not thread-safe: one sequence, driven by one thread at a time. {@link #close()} frees its
 * device memory.
 */
public final class CudaForward implements AutoCloseable {
  /**
   * Fewest prompt tokens run as matrix-matrix products: below it the batched matvec kernels, which
   * read the weights about once per token, cost less than converting every matrix to half first
   * (a pass reading the weights and writing twice their half-precision size, then the product
   * reading that again, about 5 weight-sized passes for Q8_0).
   */
  public static final int PROMPT_GEMM_MIN_BATCH = 8;
  /**
   * Most prompt tokens per batch: the tensor-core path converts every matrix once per batch, so
   * batches are long (a 1,024-token batch of an 8B model holds about 180 MB of activations).
   */
  public static final int MAX_BATCH_LIMIT = 1024;
  /**
   * Bound on the attention-score scratch (batch x heads x context floats) of the per-(head, token)
   * prompt attention, which sizes batches for heads wider than the tiled kernel takes.
   */
  static final long SCORE_SCRATCH_BYTES = 256L << 20;

  private final CudaWeights w;
  private final CudaContext cuda;
  private final ModelConfig c;
  private final ForwardOptions options;
  private final int maxBatch;
  private final List<DeviceBuffer> owned = new ArrayList<>();

  private final DeviceBuffer x; // (maxBatch, dim) activations
  private final DeviceBuffer xb; // (maxBatch, dim) inside a residual branch
  private final DeviceBuffer q; // (maxBatch, dim) queries
  private final DeviceBuffer k; // (maxBatch, kvDim) keys before RoPE
  private final DeviceBuffer v; // (maxBatch, kvDim) values
  private final DeviceBuffer hb; // (maxBatch, hiddenDim) gate, then SwiGLU's output
  private final DeviceBuffer hb2; // (maxBatch, hiddenDim) up, when not fused
  private final DeviceBuffer att; // (maxBatch, heads, contextLength) scores, for wide heads only
  private final DeviceBuffer partials; // (heads, max splits, headSize + 2): decode chunks
  private final DecodeSplits splits;
  private final DeviceBuffer logits; // (vocabSize)
  private final DeviceBuffer best; // the argmax of the logits (an int), then its stages' pairs
  private final DeviceBuffer step; // two ints: the decode step's token and position
  private final DeviceBuffer tokens; // (maxBatch) ints: a prompt batch's token ids
  private final DeviceBuffer ropeFrequencies; // (headSize / 2): rope_kv's frequency per pair
  private final DeviceBuffer keyCache; // (layers, contextLength, kvDim)
  private final DeviceBuffer valueCache; // (layers, contextLength, kvDim)
  private final float[] hostLogits; // the logits forward and prefill return, reused
  private final MemorySegment hostStep; // staging of step
  private final MemorySegment hostTokens; // staging of tokens
  private final java.util.Map<Integer, CudaGraph> decodeGraphs = new java.util.HashMap<>();
  private boolean graphsFailed; // the driver refused to capture: launch one by one
  private PromptGemm gemm; // created on the first batch that uses it

  /**
   * Allocates one sequence's device state.
   *
   * @param maxBatch the most prompt tokens run in one batch (at least 1)
   */
  public CudaForward(CudaWeights weights, int maxBatch, ForwardOptions options) {
    this.w = Objects.requireNonNull(weights, "weights");
    this.options = Objects.requireNonNull(options, "options");
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
    this.splits = DecodeSplits.of(c.contextLength());
    this.hostLogits = new float[c.vocabSize()];
    Arena staging = Arena.ofAuto();
    this.hostStep = staging.allocate(ValueLayout.JAVA_INT, 2);
    this.hostTokens = staging.allocate(ValueLayout.JAVA_INT, maxBatch);
    try {
      long f = Float.BYTES;
      x = alloc(maxBatch * f * c.dim());
      xb = alloc(maxBatch * f * c.dim());
      q = alloc(maxBatch * f * c.dim());
      k = alloc(maxBatch * f * c.kvDim());
      v = alloc(maxBatch * f * c.kvDim());
      hb = alloc(maxBatch * f * c.hiddenDim());
      hb2 = alloc(maxBatch * f * c.hiddenDim());
      att = alloc(Math.max(1, scoreFloats(c, maxBatch)) * f);
      partials = alloc(f * c.heads() * splits.maxSplits() * (c.headSize() + 2L));
      logits = alloc(f * c.vocabSize());
      best = alloc(Integer.BYTES + (long) LaunchConfig.ARGMAX_MAX_BLOCKS * (Float.BYTES
          + Integer.BYTES));
      step = alloc(2L * Integer.BYTES);
      tokens = alloc((long) maxBatch * Integer.BYTES);
      ropeFrequencies = alloc(f * (c.headSize() / 2));
      ropeFrequencies.upload(ropeFrequencies(c));
      keyCache = alloc(f * c.layers() * c.contextLength() * c.kvDim());
      valueCache = alloc(f * c.layers() * c.contextLength() * c.kvDim());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The frequency of each pair of a head, as the CPU path's RoPE computes it (double precision,
   * rounded to float): a plain table's angle at position 1.
   */
  static float[] ropeFrequencies(ModelConfig c) {
    RopeTable table = RopeTable.plain(c.headSize(), c.ropeBase());
    float[] f = new float[table.pairs()];
    for (int j = 0; j < f.length; j++) {
      f[j] = table.angle(j, 1);
    }
    return f;
  }

  /**
   * The prompt batch size for {@code c}: {@link #MAX_BATCH_LIMIT}, or for heads wider than the
   * tiled attention takes, as many as keep the attention scores within {@link
   * #SCORE_SCRATCH_BYTES}.
   */
  public static int maxBatchFor(ModelConfig c) {
    if (c.headSize() <= LaunchConfig.PREFILL_MAX_HEAD) {
      return MAX_BATCH_LIMIT;
    }
    long perToken = (long) Float.BYTES * c.heads() * c.contextLength();
    return (int) Math.max(1, Math.min(MAX_BATCH_LIMIT, SCORE_SCRATCH_BYTES / perToken));
  }

  /** Floats of score scratch: only the per-(head, token) prompt attention (wide heads) has one. */
  private static long scoreFloats(ModelConfig c, int maxBatch) {
    return c.headSize() <= LaunchConfig.PREFILL_MAX_HEAD ? 0
        : (long) maxBatch * c.heads() * c.contextLength();
  }

  /**
   * Device bytes one sequence takes: {@link #CudaForward}'s buffers, and the prompt path's scratch
   * (the largest layer matrix as halves and a batch of inputs as halves).
   */
  public static long stateBytes(ModelConfig c, int maxBatch) {
    long f = Float.BYTES;
    long batchFloats = 3L * c.dim() + 2L * c.kvDim() + 2L * c.hiddenDim();
    long largestLayerMatrix = Math.max((long) c.hiddenDim() * c.dim(), (long) c.dim() * c.dim());
    long gemmScratch = 2 * largestLayerMatrix
        + 2L * maxBatch * Math.max(c.dim(), c.hiddenDim());
    long partials = f * c.heads() * DecodeSplits.of(c.contextLength()).maxSplits()
        * (c.headSize() + 2L);
    long argmax = Integer.BYTES + (long) LaunchConfig.ARGMAX_MAX_BLOCKS * (Float.BYTES
        + Integer.BYTES);
    return maxBatch * f * batchFloats + f * Math.max(1, scoreFloats(c, maxBatch)) + partials
        + f * c.vocabSize() + argmax + 2L * Integer.BYTES + f * (c.headSize() / 2)
        + (long) maxBatch * Integer.BYTES
        + 2 * f * c.layers() * c.contextLength() * c.kvDim() + gemmScratch;
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

  /** The most prompt tokens run in one batch. */
  public int maxBatch() {
    return maxBatch;
  }

  /** Whether decode steps replay recorded graphs (false before the first step or if refused). */
  public boolean replaysGraph() {
    return !decodeGraphs.isEmpty();
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
    LaunchConfig blocks = LaunchConfig.argmaxBlocks(c.vocabSize());
    long values = best.pointer() + Integer.BYTES;
    long indices = values + (long) LaunchConfig.ARGMAX_MAX_BLOCKS * Float.BYTES;
    cuda.launch("argmax_blocks", blocks, logits.pointer(), c.vocabSize(), values, indices);
    cuda.launch("argmax_final", LaunchConfig.argmaxFinal(), values, indices, blocks.gridX(),
        best.pointer());
    return best.downloadInt();
  }

  /**
   * Runs {@code tokens} at positions {@code pos, pos + 1, ...} in batches of up to {@code
   * maxBatch}, and returns the logits after the last one (reused as {@link #forward}'s).
   */
  public float[] prefill(int[] tokens, int pos) {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("no tokens to run");
    }
    Objects.checkFromIndexSize(pos, tokens.length, c.contextLength());
    for (int from = 0; from < tokens.length; from += maxBatch) {
      int n = Math.min(maxBatch, tokens.length - from);
      for (int t = 0; t < n; t++) {
        hostTokens.setAtIndex(ValueLayout.JAVA_INT, t,
            Objects.checkIndex(tokens[from + t], c.vocabSize()));
      }
      cuda.uploadAsync(this.tokens.pointer(), hostTokens.asSlice(0, (long) n * Integer.BYTES));
      step(n, this.tokens.pointer(), 0L, pos + from, promptGemm(n),
          splits.splitsAt(pos + from));
    }
    return downloadLogits();
  }

  private void runOne(int token, int pos) {
    Objects.checkIndex(token, c.vocabSize());
    Objects.checkIndex(pos, c.contextLength());
    hostStep.setAtIndex(ValueLayout.JAVA_INT, 0, token);
    hostStep.setAtIndex(ValueLayout.JAVA_INT, 1, pos);
    cuda.uploadAsync(step.pointer(), hostStep);
    long tokenPtr = step.pointer();
    long posPtr = step.pointer() + Integer.BYTES;
    int chunks = splits.splitsAt(pos);
    if (options.graphs() && !graphsFailed) {
      CudaGraph graph = decodeGraphs.get(chunks);
      if (graph == null) {
        try {
          graph = cuda.capture(() -> step(1, tokenPtr, posPtr, 0, null, chunks));
          decodeGraphs.put(chunks, graph);
        } catch (CudaException e) {
          graphsFailed = true; // e.g. a driver without graph support: launch one by one
          System.getLogger("io.infer4j.gpu").log(System.Logger.Level.WARNING,
              "CUDA graph capture of the decode step failed, launching kernels one by one: "
                  + e.getMessage());
        }
      }
      if (graph != null) {
        graph.replay();
        return;
      }
    }
    step(1, tokenPtr, posPtr, 0, null, chunks);
  }

  /** The tensor-core path for a batch of {@code n}, or null for the matvec kernels. */
  private PromptGemm promptGemm(int n) {
    if (!options.tensorCores() || n < PROMPT_GEMM_MIN_BATCH || cuda.cublas().isEmpty()) {
      return null;
    }
    if (gemm == null) {
      long largest = 0;
      for (CudaWeights.Layer l : w.layers()) {
        for (DeviceMatrix m : List.of(l.wq(), l.wk(), l.wv(), l.wo(), l.w1(), l.w2(), l.w3())) {
          if (m.scales() != 0) {
            largest = Math.max(largest, (long) m.rows() * m.cols());
          }
        }
      }
      gemm = new PromptGemm(cuda, largest, (long) maxBatch * Math.max(c.dim(), c.hiddenDim()));
    }
    return gemm;
  }

  private float[] downloadLogits() {
    logits.downloadFloats(hostLogits, 0);
    return hostLogits;
  }

  /**
   * Launches one step for {@code n} tokens: their ids at device pointer {@code tokenIds}, the first
   * at position {@code *posPtr} (when not 0) or {@code pos0}; leaves the logits of the last.
   *
   * @param gemm the tensor-core path, or null for the matvec kernels
   * @param chunks the split attention's chunk count when {@code n} is 1
   */
  private void step(int n, long tokenIds, long posPtr, int pos0, PromptGemm gemm, int chunks) {
    int dim = c.dim();
    int kvDim = c.kvDim();
    int ctx = c.contextLength();
    long f = Float.BYTES;
    LaunchConfig rows = LaunchConfig.rmsnorm(n);

    w.embedding().embed(cuda, tokenIds, x.pointer(), n);

    for (int l = 0; l < c.layers(); l++) {
      CudaWeights.Layer lw = w.layers().get(l);
      long layerCache = (long) l * ctx * kvDim * f;
      long kc = keyCache.pointer() + layerCache;
      long vc = valueCache.pointer() + layerCache;

      cuda.launch("rmsnorm", rows, x.pointer(), lw.attentionNorm().pointer(), xb.pointer(), dim,
          c.rmsEps());
      projectQkv(lw, n, gemm);
      cuda.launch("rope_kv", LaunchConfig.ropeKv(dim, kvDim, n), q.pointer(), k.pointer(),
          v.pointer(), kc, vc, posPtr, pos0, dim, kvDim, c.headSize(), ropeFrequencies.pointer());
      attention(n, kc, vc, posPtr, pos0, chunks);
      addProduct(lw.wo(), xb.pointer(), n, gemm); // x += wo xb

      cuda.launch("rmsnorm", rows, x.pointer(), lw.ffnNorm().pointer(), xb.pointer(), dim,
          c.rmsEps());
      feedForward(lw, n, gemm);
    }

    long last = x.pointer() + (n - 1) * f * dim;
    cuda.launch("rmsnorm", LaunchConfig.rmsnorm(1), last, w.finalNorm().pointer(), xb.pointer(),
        dim, c.rmsEps());
    w.classifier().matvec(cuda, xb.pointer(), logits.pointer(), 1);
  }

  /**
   * xb = attention of q over the cache: for one token, split over {@code chunks} chunks of the
   * positions and merged; for a prompt batch, the tiled kernel (its key/value tiles serve 16
   * queries each) or, for heads wider than its tiles, the per-(head, token) kernel.
   */
  private void attention(int n, long kc, long vc, long posPtr, int pos0, int chunks) {
    if (n == 1) {
      cuda.launch("attention_split", LaunchConfig.attentionSplit(c.heads(), chunks), q.pointer(),
          kc, vc, partials.pointer(), c.headSize(), c.heads(), c.kvHeads(), posPtr, pos0,
          splits.chunk());
      cuda.launch("attention_combine", LaunchConfig.attentionCombine(c.heads()),
          partials.pointer(), xb.pointer(), c.headSize(), c.heads(), chunks);
    } else if (c.headSize() <= LaunchConfig.PREFILL_MAX_HEAD) {
      cuda.launch("attention_prefill", LaunchConfig.attentionPrefill(c.heads(), n, c.headSize()),
          q.pointer(), kc, vc, xb.pointer(), c.headSize(), c.heads(), c.kvHeads(), pos0, n);
    } else {
      cuda.launch("attention", LaunchConfig.attention(c.heads(), n, c.headSize()), q.pointer(),
          kc, vc, att.pointer(), xb.pointer(), c.headSize(), c.heads(), c.kvHeads(), posPtr,
          pos0, c.contextLength());
    }
  }

  /** q, k, v = the projections of xb. */
  private void projectQkv(CudaWeights.Layer lw, int n, PromptGemm gemm) {
    if (gemm != null) {
      gemm.product(lw.wq(), xb.pointer(), q.pointer(), n, false);
      gemm.product(lw.wk(), xb.pointer(), k.pointer(), n, false);
      gemm.product(lw.wv(), xb.pointer(), v.pointer(), n, false);
    } else if (DeviceMatrix.fusable(lw.wq(), lw.wk(), lw.wv())) {
      DeviceMatrix.qkv(cuda, lw.wq(), lw.wk(), lw.wv(), xb.pointer(), q.pointer(), k.pointer(),
          v.pointer(), n);
    } else {
      lw.wq().matvec(cuda, xb.pointer(), q.pointer(), n);
      lw.wk().matvec(cuda, xb.pointer(), k.pointer(), n);
      lw.wv().matvec(cuda, xb.pointer(), v.pointer(), n);
    }
  }

  /** x += m in (the residual branch's output added to the stream). */
  private void addProduct(DeviceMatrix m, long in, int n, PromptGemm gemm) {
    if (gemm != null) {
      gemm.product(m, in, x.pointer(), n, true);
    } else {
      m.matvecAdd(cuda, in, x.pointer(), n);
    }
  }

  /** x += w2(silu(w1 xb) * w3 xb). */
  private void feedForward(CudaWeights.Layer lw, int n, PromptGemm gemm) {
    int hidden = c.hiddenDim();
    if (gemm == null && DeviceMatrix.fusable(lw.w1(), lw.w3())) {
      DeviceMatrix.swiglu(cuda, lw.w1(), lw.w3(), xb.pointer(), hb.pointer(), n);
    } else {
      if (gemm != null) {
        gemm.product(lw.w1(), xb.pointer(), hb.pointer(), n, false);
        gemm.product(lw.w3(), xb.pointer(), hb2.pointer(), n, false);
      } else {
        lw.w1().matvec(cuda, xb.pointer(), hb.pointer(), n);
        lw.w3().matvec(cuda, xb.pointer(), hb2.pointer(), n);
      }
      cuda.launch("swiglu", LaunchConfig.elementwise(n * hidden), hb.pointer(), hb2.pointer(),
          n * hidden);
    }
    addProduct(lw.w2(), hb.pointer(), n, gemm);
  }

  /** Frees this sequence's device memory and its graph. Idempotent. */
  @Override
  public void close() {
    try {
      decodeGraphs.values().forEach(CudaGraph::close);
      decodeGraphs.clear();
      if (gemm != null) {
        gemm.close();
      }
    } finally {
      owned.forEach(DeviceBuffer::close);
    }
  }
}
