package io.infer4j.gpu.internal;

import io.infer4j.gpu.GpuPrecision;
import io.infer4j.runtime.shape.ModelShape;

/**
 * Device memory one GPU needs for a plan, in bytes.
 *
 * @param weights this GPU's shard of the weights (replicated KV projections and norms included)
 * @param kvCache K and V for every sequence at its full length (prompt + output)
 * @param workspace live activations of one prefill chunk plus the logits
 */
public record MemoryFootprint(long weights, long kvCache, long workspace) {

  /**
   * Tokens one prefill pass keeps live at most: engines split longer prompts into chunks of about
   * this size (vLLM's and TensorRT-LLM's default token budget per step is 8192). Affects memory
   * only, not timing.
   */
  static final int PREFILL_CHUNK_TOKENS = 8192;

  public MemoryFootprint {
    if (weights < 0 || kvCache < 0 || workspace < 0) {
      throw new IllegalArgumentException("byte counts must not be negative");
    }
  }

  /** Weights + KV cache + workspace. */
  public long total() {
    return weights + kvCache + workspace;
  }

  /**
   * What one GPU of {@code shard} needs for {@code batch} sequences of {@code tokens} tokens, with
   * 16-bit activations and KV cache.
   */
  public static MemoryFootprint of(Shard shard, GpuPrecision precision, int batch, long tokens) {
    return of(shard, precision, batch, tokens, TimingConstants.ACTIVATION_BYTES);
  }

  /** As {@link #of(Shard, GpuPrecision, int, long)}, {@code activationBytes} per activation and KV element. */
  public static MemoryFootprint of(
      Shard shard, GpuPrecision precision, int batch, long tokens, int activationBytes) {
    long act = activationBytes;
    ModelShape m = shard.shape();
    long dim = m.dim();
    long q = shard.queryWidth();
    long kv = shard.kvWidth();
    long ffn = shard.ffnWidth();
    long perLayer =
        dim * (q + 2 * kv) + q * dim + m.experts() * 3 * dim * ffn + m.routerParameters() + 2 * dim;
    long vocabRows = shard.vocabRows();
    long params = m.layers() * perLayer + vocabRows * dim + (m.tiedEmbeddings() ? 0 : vocabRows * dim) + dim;
    long weights = precision.bytesFor(params);

    long kvCache = (long) batch * tokens * m.layers() * 2 * kv * act;

    long rows = Math.min((long) batch * tokens, PREFILL_CHUNK_TOKENS);
    long activations = rows * (4 * dim + 3 * m.activeExperts() * ffn) * act;
    long logits = (long) batch * m.vocab() * 4;
    return new MemoryFootprint(weights, kvCache, activations + logits);
  }
}
