package io.infer4j.runtime.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.kernels.Kernels;
import io.infer4j.runtime.internal.kernels.VectorOps;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The KV cache stores positions in blocks allocated as the sequence grows, and attends exactly as
 * one flat array per layer (run.c's layout) does: the same sums in the same order, bit for bit,
 * across block boundaries.
 */
class KvCacheTest {
  private static final VectorOps OPS = Kernels.reference().vectorOps();

  // dim 32, 4 heads of 8, 2 KV heads (kvDim 16), 3 layers
  private static ModelConfig config(int context) {
    return new ModelConfig(32, 64, 3, 4, 2, 40, context, 10000f, 1e-5f);
  }

  /** run.c's attention over a flat (contextLength * kvDim) cache: the reference. */
  private static void flatAttend(ModelConfig c, float[] kc, float[] vc, float[] q, int pos,
      float[] att, float[] out) {
    int hs = c.headSize();
    int kvMul = c.heads() / c.kvHeads();
    for (int h = 0; h < c.heads(); h++) {
      int kvOff = (h / kvMul) * hs;
      for (int t = 0; t <= pos; t++) {
        float score = 0.0f;
        for (int i = 0; i < hs; i++) {
          score += q[h * hs + i] * kc[t * c.kvDim() + kvOff + i];
        }
        att[t] = score / (float) Math.sqrt(hs);
      }
      OPS.softmax(att, 0, pos + 1);
      for (int i = 0; i < hs; i++) {
        out[h * hs + i] = 0.0f;
      }
      for (int t = 0; t <= pos; t++) {
        for (int i = 0; i < hs; i++) {
          out[h * hs + i] += att[t] * vc[t * c.kvDim() + kvOff + i];
        }
      }
    }
  }

  private static float[] gaussian(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  @Test
  void attentionOverBlocksEqualsAttentionOverOneFlatArrayBitForBit() {
    ModelConfig c = config(1000);
    int kvDim = c.kvDim();
    Random r = new Random(7);
    KvCache cache = new KvCache(c, OPS);
    float[][] flatK = new float[c.layers()][c.contextLength() * kvDim];
    float[][] flatV = new float[c.layers()][c.contextLength() * kvDim];
    for (int pos = 0; pos < 600; pos++) {
      cache.reserve(pos + 1);
      for (int l = 0; l < c.layers(); l++) {
        float[] k = gaussian(r, kvDim);
        float[] v = gaussian(r, kvDim);
        cache.store(l, pos, k, v);
        System.arraycopy(k, 0, flatK[l], pos * kvDim, kvDim);
        System.arraycopy(v, 0, flatV[l], pos * kvDim, kvDim);
      }
      if (pos % 85 == 0 || pos == 255 || pos == 256 || pos == 511 || pos == 599) {
        float[] q = gaussian(r, c.dim());
        for (int l = 0; l < c.layers(); l++) {
          float[] expected = new float[c.dim()];
          float[] actual = new float[c.dim()];
          flatAttend(c, flatK[l], flatV[l], q, pos, new float[pos + 1], expected);
          cache.attend(l, q, pos, cache.newScores(), actual);
          assertArrayEquals(expected, actual, 0f, "layer " + l + " at position " + pos);
        }
      }
    }
  }

  @Test
  void memoryIsTakenABlockOfPositionsAtATimeNotForTheWholeContext() {
    ModelConfig c = config(ModelConfig.MAX_CONTEXT_LENGTH);
    long perPosition = (long) c.kvDim() * c.layers() * 2 * Float.BYTES; // 384 bytes
    KvCache cache = new KvCache(c, OPS);
    assertEquals(0, cache.bytes());
    cache.reserve(1);
    assertEquals(KvCache.BLOCK * perPosition, cache.bytes());
    cache.reserve(300);
    assertEquals(512, cache.capacity(), "300 positions take two blocks");
    assertEquals(512 * perPosition, cache.bytes());
    assertEquals(ModelConfig.MAX_CONTEXT_LENGTH * perPosition, cache.fullContextBytes());
  }

  @Test
  void aShortContextTakesABlockNoLongerThanItself() {
    KvCache cache = new KvCache(config(16), OPS);
    cache.reserve(1);
    assertEquals(16, cache.capacity());
    KvCache odd = new KvCache(config(100), OPS);
    odd.reserve(100);
    assertEquals(128, odd.capacity(), "blocks are a power of two");
  }

  @Test
  void aHeapThatCannotHoldTheNextBlockGivesTheFiguresAndTheSettingToLower() {
    ModelConfig c = config(1 << 22);
    AtomicInteger allowed = new AtomicInteger(2 * c.layers()); // the first block of every layer
    KvCache cache = new KvCache(c, OPS, n -> {
      if (allowed.getAndDecrement() <= 0) {
        throw new OutOfMemoryError("Java heap space");
      }
      return new float[n];
    });
    cache.reserve(256);
    long held = cache.bytes();
    KvCacheMemoryException e = assertThrows(KvCacheMemoryException.class, () -> cache.reserve(257));
    assertEquals(held, cache.bytes(), "the cache is unchanged");
    assertEquals(256, cache.capacity());
    assertEquals(held, e.bytesNeeded(), "one more block, as large as the first");
    assertTrue(e.bytesAvailable() <= Runtime.getRuntime().maxMemory(), e.getMessage());
    String m = e.getMessage();
    assertTrue(m.contains("growing it to 257 positions needs " + held + " more bytes"), m);
    assertTrue(m.contains("a full context takes " + cache.fullContextBytes() + " bytes"), m);
    assertTrue(m.contains("context-length setting (ModelOptions.withContextLength)"), m);
    assertTrue(m.contains("bytes are free"), m);
    allowed.set(Integer.MAX_VALUE);
    cache.reserve(257); // memory came back: the same call succeeds
    assertEquals(512, cache.capacity());
  }
}
