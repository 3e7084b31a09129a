package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.model.KvCacheMemoryException;
import java.util.Arrays;

/**
 * llama.cpp's default KV cache (type F16, no flash attention) and the attention that reads it
 * ({@code llm_graph_context::build_attn_mha}: {@code kq = mul_mat(k, q)}, {@code soft_max_ext(kq,
 * mask, 1/sqrt(head), 0)}, {@code kqv = mul_mat(v, kq)}). Keys and values are stored rounded to
 * fp16 (the {@code ggml_cpy} into the cache); values transposed, one row per (kv head, element)
 * over positions, as llama.cpp keeps them without flash attention. Attention spans {@code n_kv =}
 * the used cells rounded up to 32 (llama.cpp's cache padding without flash attention), the cells
 * past the current token masked to {@code -inf}; the padding matters because it fixes which dot
 * product and softmax code paths see the real entries.
 *
 * <p>Not thread-safe: one per sequence.
 */
final class F16KvCache {
  static final int PAD = 32; // llama_kv_cache_get_padding without flash attention
  /** Positions the arrays grow by, as the runtime's other caches ({@code KvCache.BLOCK}). */
  static final int GROWTH = 256;

  private final int layers;
  private final int kvDim;
  private final int headSize;
  private final int group; // query heads per kv head
  private final float scale; // kq_scale = 1 / sqrtf(head size)
  private final int limit; // the context length, padded
  private int capacity; // positions, a multiple of PAD
  private float[][] keys; // [layer][pos * kvDim + kvHead * headSize + i], fp16 values
  private float[][] values; // [layer][(kvHead * headSize + i) * capacity + pos], fp16 values

  F16KvCache(ModelConfig c) {
    this.layers = c.layers();
    this.kvDim = c.kvDim();
    this.headSize = c.headSize();
    this.group = c.heads() / c.kvHeads();
    this.scale = 1.0f / (float) Math.sqrt((float) c.headSize());
    this.limit = padded(c.contextLength());
    this.keys = new float[layers][0];
    this.values = new float[layers][0];
  }

  /** Bytes held: float arrays holding fp16 values (twice what llama.cpp's fp16 cache holds). */
  long bytes() {
    return 2L * layers * kvDim * capacity * Float.BYTES;
  }

  /**
   * Makes room for positions {@code [0, positions)} rounded up to {@link #PAD}: the arrays grow
   * {@link #GROWTH} positions at a time, as the sequence does, up to the padded context.
   *
   * @throws KvCacheMemoryException if the heap (or a Java array) cannot hold them; the cache is
   *     unchanged then
   */
  void reserve(int positions) {
    int needed = padded(positions);
    if (needed <= capacity) {
      return;
    }
    int blocks = (int) (((long) needed + GROWTH - 1) / GROWTH * GROWTH);
    int grown = Math.max(needed, Math.min(blocks, limit));
    long perLayer = (long) grown * kvDim;
    long more = 2L * layers * (perLayer - (long) capacity * kvDim) * Float.BYTES;
    long full = 2L * layers * kvDim * (long) limit * Float.BYTES;
    if (perLayer > Integer.MAX_VALUE - 8) {
      throw new KvCacheMemoryException(positions, more, bytes(), full,
          new OutOfMemoryError(perLayer + " floats a layer: more than a Java array holds"));
    }
    float[][] k = new float[layers][];
    float[][] v = new float[layers][];
    try { // all layers first, so that a failure leaves the cache as it was
      for (int l = 0; l < layers; l++) {
        k[l] = Arrays.copyOf(keys[l], (int) perLayer);
        v[l] = new float[(int) perLayer];
        for (int row = 0; row < kvDim; row++) {
          System.arraycopy(values[l], row * capacity, v[l], row * grown, capacity);
        }
      }
    } catch (OutOfMemoryError e) {
      throw new KvCacheMemoryException(positions, more, bytes(), full, e);
    }
    keys = k;
    values = v;
    capacity = grown;
  }

  static int padded(int positions) {
    return (int) (((long) positions + PAD - 1) & ~(PAD - 1));
  }

  /** Stores key and value rows of position {@code pos}, rounded to fp16. */
  void store(int layer, int pos, float[] k, float[] v) {
    for (int i = 0; i < kvDim; i++) {
      keys[layer][pos * kvDim + i] = Fp16.round(k[i]);
      values[layer][i * capacity + pos] = Fp16.round(v[i]);
    }
  }

  /**
   * Attention of {@code n} queries of one ubatch; query {@code t} sits at position {@code pos[t]}
   * and sees positions {@code [0, pos[t]]}; {@code nKv} is the padded span of the ubatch. Writes
   * {@code out[t]} (heads x headSize).
   *
   * <p>{@code mul_mat} with F16 {@code src0} converts the F32 operand (queries, then the softmax
   * weights) to fp16 first. With {@code n >= 2} tinyBLAS computes both products ({@code KQ}: {@code
   * k = headSize}, {@code KQV}: {@code k = nKv}), with one token {@code ggml_vec_dot_f16}.
   */
  void attend(int layer, float[][] q, int[] pos, int n, int nKv, int heads, float[][] out) {
    boolean tinyKq = MulMat.tinyBlas(nKv, n, headSize);
    boolean tinyKqv = MulMat.tinyBlas(headSize, n, nKv);
    float[] q16 = new float[headSize];
    float[] w = new float[nKv];
    float[] k = keys[layer];
    float[] v = values[layer];
    for (int t = 0; t < n; t++) {
      for (int h = 0; h < heads; h++) {
        int kvHead = h / group;
        for (int i = 0; i < headSize; i++) {
          q16[i] = Fp16.round(q[t][h * headSize + i]);
        }
        int valid = pos[t] + 1;
        for (int p = 0; p < valid; p++) {
          int at = p * kvDim + kvHead * headSize;
          w[p] = tinyKq ? Dots.tiny(k, at, q16, 0, headSize) : Dots.vecF16(k, at, q16, 0, headSize);
        }
        Ops.softMax(w, 0, valid, nKv, scale);
        Fp16.roundRow(w, w, nKv);
        for (int i = 0; i < headSize; i++) {
          int row = (kvHead * headSize + i) * capacity;
          out[t][h * headSize + i] =
              tinyKqv ? Dots.tiny(v, row, w, 0, nKv) : Dots.vecF16(v, row, w, 0, nKv);
        }
      }
    }
  }
}
