package io.infer4j.runtime.internal.model;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.kernels.VectorOps;

/**
 * One sequence's key/value cache, {@code contextLength} positions per layer, and the multi-head
 * attention that reads it, as run.c's {@code forward} computes it. Both forward passes attend
 * through here, so their attention sums are the same sums in the same order.
 *
 * <p>Not thread-safe for {@link #store}; {@link #attend} calls for different tokens may run in
 * parallel once every position they read is stored.
 */
final class KvCache {
  private final ModelConfig c;
  private final VectorOps ops;
  private final float[][] keys; // (layer, contextLength * kvDim)
  private final float[][] values; // (layer, contextLength * kvDim)

  /**
   * @throws IllegalArgumentException if one layer's cache does not fit in a Java array
   */
  KvCache(ModelConfig config, VectorOps ops) {
    this.c = config;
    this.ops = ops;
    long cache = (long) c.contextLength() * c.kvDim();
    if (cache > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "KV cache of " + c.contextLength() + " x " + c.kvDim() + " floats per layer is too large");
    }
    keys = new float[c.layers()][(int) cache];
    values = new float[c.layers()][(int) cache];
  }

  /** Stores the key {@code k} and value {@code v} (kvDim each) of position {@code pos}. */
  void store(int layer, int pos, float[] k, float[] v) {
    int kvDim = c.kvDim();
    System.arraycopy(k, 0, keys[layer], pos * kvDim, kvDim);
    System.arraycopy(v, 0, values[layer], pos * kvDim, kvDim);
  }

  /**
   * Multi-head attention of the query {@code q} (dim) at {@code pos} over positions {@code [0,
   * pos]} of {@code layer}, into {@code out} (dim); query head {@code h} reads kv head {@code h /
   * (heads / kvHeads)} (GQA).
   *
   * @param att scratch for one head's scores, at least {@code pos + 1} long
   */
  void attend(int layer, float[] q, int pos, float[] att, float[] out) {
    int headSize = c.headSize();
    int kvDim = c.kvDim();
    int kvMul = c.heads() / c.kvHeads();
    float[] kc = keys[layer];
    float[] vc = values[layer];
    float scale = (float) Math.sqrt(headSize);
    for (int h = 0; h < c.heads(); h++) {
      int qOff = h * headSize;
      int kvOff = (h / kvMul) * headSize;
      for (int t = 0; t <= pos; t++) {
        int kOff = t * kvDim + kvOff;
        float score = 0.0f;
        for (int i = 0; i < headSize; i++) {
          score += q[qOff + i] * kc[kOff + i];
        }
        att[t] = score / scale;
      }
      ops.softmax(att, 0, pos + 1);
      for (int i = 0; i < headSize; i++) {
        out[qOff + i] = 0.0f;
      }
      for (int t = 0; t <= pos; t++) {
        int vOff = t * kvDim + kvOff;
        float a = att[t];
        for (int i = 0; i < headSize; i++) {
          out[qOff + i] += a * vc[vOff + i];
        }
      }
    }
  }
}
