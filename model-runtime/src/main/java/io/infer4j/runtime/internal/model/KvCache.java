package io.infer4j.runtime.internal.model;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.kernels.VectorOps;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * One sequence's key/value cache and the multi-head attention that reads it, as run.c's {@code
 * forward} computes it. Both forward passes attend through here, so their attention sums are the
 * same sums in the same order.
 *
 * <p>The cache grows with the sequence, not with the context length: positions are stored in
 * blocks of {@link #BLOCK} (a smaller power of two when the context is shorter), allocated for
 * every layer by {@link #reserve} before a position in a new block is stored. A sequence that has
 * used 300 positions holds 512, whether the context is 512 or 2^24 positions. When the heap cannot
 * hold the next block, {@link #reserve} throws {@link KvCacheMemoryException} with the figures.
 *
 * <p>Not thread-safe for {@link #reserve} and {@link #store}; {@link #attend} calls for different
 * tokens may run in parallel once every position they read is stored.
 */
final class KvCache {
  /** Most positions per block: 256 (at kvDim 32 and 5 layers, stories260K, 320 KiB per block). */
  static final int BLOCK = 256;

  private final ModelConfig c;
  private final VectorOps ops;
  private final IntFunction<float[]> allocate; // new float[n]; a test's may throw OutOfMemoryError
  private final int shift; // log2 of the positions per block
  private final int mask; // positions per block - 1
  private final long bytesPerPosition; // kvDim x layers x (key, value) x 4, saturated
  private float[][][] keys; // (layer, block, positionsPerBlock * kvDim); null past capacity
  private float[][][] values; // (layer, block, positionsPerBlock * kvDim)
  private int capacity; // positions with storage, a multiple of the block (or 0)

  /**
   * @throws IllegalArgumentException if one block of one layer does not fit in a Java array
   */
  KvCache(ModelConfig config, VectorOps ops) {
    this(config, ops, float[]::new);
  }

  /** As {@link #KvCache(ModelConfig, VectorOps)}, allocating blocks with {@code allocate}. */
  KvCache(ModelConfig config, VectorOps ops, IntFunction<float[]> allocate) {
    this.c = config;
    this.ops = ops;
    this.allocate = allocate;
    int positions = Math.min(BLOCK, Integer.highestOneBit(c.contextLength() - 1) << 1);
    this.shift = Integer.numberOfTrailingZeros(Math.max(1, positions));
    this.mask = (1 << shift) - 1;
    if ((long) c.kvDim() << shift > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "KV cache block of " + (1 << shift) + " x " + c.kvDim() + " floats is too large");
    }
    this.bytesPerPosition = saturated(saturated(c.kvDim(), c.layers()), 2L * Float.BYTES);
    this.keys = new float[c.layers()][0][];
    this.values = new float[c.layers()][0][];
  }

  /** {@code a * b}, or {@link Long#MAX_VALUE} if that overflows (both non-negative). */
  static long saturated(long a, long b) {
    long p = a * b;
    return Math.multiplyHigh(a, b) != 0 || p < 0 ? Long.MAX_VALUE : p;
  }

  /** Positions with storage: at least every position reserved so far, a multiple of the block. */
  int capacity() {
    return capacity;
  }

  /** Bytes of keys and values held: {@link #capacity()} x kvDim x layers x 2 x 4. */
  long bytes() {
    return saturated(capacity, bytesPerPosition);
  }

  /**
   * Makes room for positions {@code [0, positions)}, allocating the blocks that are missing.
   *
   * @param positions at most the context length
   * @throws KvCacheMemoryException if the heap cannot hold them; the cache is unchanged then
   */
  void reserve(int positions) {
    if (positions <= capacity) {
      return;
    }
    int blocks = ((positions - 1) >> shift) + 1;
    int floats = c.kvDim() << shift;
    try {
      for (int l = 0; l < c.layers(); l++) {
        keys[l] = grown(keys[l], blocks, floats);
        values[l] = grown(values[l], blocks, floats);
      }
    } catch (OutOfMemoryError e) {
      // Blocks already made stay for the next attempt; capacity counts complete blocks only.
      long wanted = saturated((long) blocks << shift, bytesPerPosition) - bytes();
      throw new KvCacheMemoryException(positions, wanted, bytes(), fullContextBytes(), e);
    }
    capacity = blocks << shift;
  }

  private float[][] grown(float[][] table, int blocks, int floats) {
    float[][] t = table;
    if (t.length < blocks) {
      int maxBlocks = ((c.contextLength() - 1) >> shift) + 1;
      t = Arrays.copyOf(t, Math.min(maxBlocks, Math.max(blocks, 2 * t.length)));
    }
    for (int b = 0; b < blocks; b++) {
      if (t[b] == null) {
        t[b] = allocate.apply(floats);
      }
    }
    return t;
  }

  /** Bytes a cache of the whole context would hold (saturated). */
  long fullContextBytes() {
    return saturated(c.contextLength(), bytesPerPosition);
  }

  /**
   * A scratch array of attention scores for positions {@code [0, capacity())} (one head's), for
   * {@link #attend}; its content is undefined.
   *
   * @throws KvCacheMemoryException if the heap cannot hold it
   */
  float[] newScores() {
    try {
      return allocate.apply(capacity);
    } catch (OutOfMemoryError e) {
      throw new KvCacheMemoryException(
          capacity, (long) capacity * Float.BYTES, bytes(), fullContextBytes(), e);
    }
  }

  /**
   * Stores the key {@code k} and value {@code v} (kvDim each) of position {@code pos}, which must
   * be {@link #reserve reserved}.
   */
  void store(int layer, int pos, float[] k, float[] v) {
    int kvDim = c.kvDim();
    int off = (pos & mask) * kvDim;
    System.arraycopy(k, 0, keys[layer][pos >> shift], off, kvDim);
    System.arraycopy(v, 0, values[layer][pos >> shift], off, kvDim);
  }

  /**
   * Multi-head attention of the query {@code q} (queryDim) at {@code pos} over positions {@code
   * [0, pos]} of {@code layer}, into {@code out} (queryDim); query head {@code h} reads kv head {@code h /
   * (heads / kvHeads)} (GQA).
   *
   * @param att scratch for one head's scores, at least {@code pos + 1} long
   */
  void attend(int layer, float[] q, int pos, float[] att, float[] out) {
    for (int h = 0; h < c.heads(); h++) {
      attendHead(layer, q, pos, att, out, h);
    }
  }

  /**
   * Query head {@code h} of {@link #attend}: writes {@code out[h * headSize, (h + 1) * headSize)}
   * only, so the heads of one query may run on different threads, each with its own {@code att}.
   */
  void attendHead(int layer, float[] q, int pos, float[] att, float[] out, int h) {
    int headSize = c.headSize();
    int kvDim = c.kvDim();
    int kvMul = c.heads() / c.kvHeads();
    float[][] kc = keys[layer];
    float[][] vc = values[layer];
    float scale = (float) Math.sqrt(headSize);
    int block = mask + 1;
    int qOff = h * headSize;
    int kvOff = (h / kvMul) * headSize;
    // scores of positions 0..pos, a block at a time: t0 is the block's first position
    for (int t0 = 0; t0 <= pos; t0 += block) {
      float[] kb = kc[t0 >> shift];
      int end = Math.min(pos, t0 + mask);
      for (int t = t0, kOff = kvOff; t <= end; t++, kOff += kvDim) {
        att[t] = ops.dot(q, qOff, kb, kOff, headSize) / scale;
      }
    }
    ops.softmax(att, 0, pos + 1);
    for (int i = 0; i < headSize; i++) {
      out[qOff + i] = 0.0f;
    }
    // weighted sum of the values, positions in order
    for (int t0 = 0; t0 <= pos; t0 += block) {
      float[] vb = vc[t0 >> shift];
      int end = Math.min(pos, t0 + mask);
      for (int t = t0, vOff = kvOff; t <= end; t++, vOff += kvDim) {
        ops.addScaled(att[t], vb, vOff, out, qOff, headSize);
      }
    }
  }
}
