package io.infer4j.runtime.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.RopeScaling;
import io.infer4j.runtime.internal.kernels.Kernels;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One layer, two positions, written out as the formulas of Qwen2 and Qwen3 attention (Hugging
 * Face's {@code Qwen2Attention} and {@code Qwen3Attention}: {@code q = Wq h + bq}, per-head
 * {@code RMSNorm(q)} for Qwen3, then {@code q * cos + rotate_half(q) * sin}), in double precision,
 * against both forward passes. The feed-forward's down projection is zero, so the logits are the
 * classifier of the normalized residual after attention, and the formulas stay short.
 */
class QwenAttentionByHandTest {
  private static final float BASE = 10000f;
  private static final float EPS = 1e-6f;
  private static final int DIM = 8;
  private static final int HEADS = 2;
  private static final int KV_HEADS = 1;
  private static final int VOCAB = 8;
  private static final int HIDDEN = 8;
  private static final int[] TOKENS = {3, 5};

  @Test
  void qwen2AddsTheQkvBiasesAndTurnsHalvesOfEachHead() {
    check(Architecture.QWEN2, 4); // heads of dim / heads = 4
  }

  @Test
  void qwen3NormalizesEachQueryAndKeyHeadBeforeRopeAndMayHaveWiderHeads() {
    check(Architecture.QWEN3, 8); // 2 heads of 8 over a width of 8: query width 16
  }

  private static void check(Architecture arch, int headSize) {
    SplittableRandom r = new SplittableRandom(11);
    int qDim = HEADS * headSize;
    int kvDim = KV_HEADS * headSize;
    float[] emb = random(r, VOCAB * DIM, 1f);
    float[] attNorm = around1(r, DIM);
    float[] wq = random(r, qDim * DIM, 0.5f);
    float[] wk = random(r, kvDim * DIM, 0.5f);
    float[] wv = random(r, kvDim * DIM, 0.5f);
    float[] wo = random(r, DIM * qDim, 0.5f);
    boolean bias = arch.qkvBias();
    float[] bq = bias ? random(r, qDim, 1f) : new float[0];
    float[] bk = bias ? random(r, kvDim, 1f) : new float[0];
    float[] bv = bias ? random(r, kvDim, 1f) : new float[0];
    float[] qNorm = arch.qkNorm() ? around1(r, headSize) : new float[0];
    float[] kNorm = arch.qkNorm() ? around1(r, headSize) : new float[0];
    float[] finalNorm = around1(r, DIM);
    float[] out = random(r, VOCAB * DIM, 1f);
    LayerWeights layer = new LayerWeights(attNorm, f32("wq", wq, qDim, DIM),
        f32("wk", wk, kvDim, DIM), f32("wv", wv, kvDim, DIM), f32("wo", wo, DIM, qDim),
        around1(r, DIM), f32("w1", random(r, HIDDEN * DIM, 1f), HIDDEN, DIM),
        f32("w2", new float[DIM * HIDDEN], DIM, HIDDEN),
        f32("w3", random(r, HIDDEN * DIM, 1f), HIDDEN, DIM), bq, bk, bv, qNorm, kNorm);
    LlamaWeights weights = new LlamaWeights(f32("emb", emb, VOCAB, DIM), List.of(layer),
        finalNorm, f32("out", out, VOCAB, DIM), new float[0], arch);
    ModelConfig config = new ModelConfig(
        DIM, HIDDEN, 1, HEADS, KV_HEADS, VOCAB, 4, BASE, EPS, RopeScaling.NONE, headSize);
    weights.checkShapes(config, "by hand");

    Direct direct = new Direct(headSize, emb, attNorm, wq, wk, wv, wo, bq, bk, bv, qNorm, kNorm,
        finalNorm, out);
    float[] expected = direct.logits(true);
    float[] adjacent = direct.logits(false); // Llama's layout, to show the test tells them apart
    assertTrue(maxDifference(expected, adjacent) > 1e-2, "NeoX and adjacent pairs differ");

    LlamaForward reference = new LlamaForward(config, weights, Kernels.reference());
    reference.forward(TOKENS[0], 0);
    assertArrayEquals(expected, reference.forward(TOKENS[1], 1), 1e-5f, "reference pass");
    BatchedLlamaForward fast = new BatchedLlamaForward(config, weights, Kernels.vector(), 2);
    assertArrayEquals(expected, fast.forward(TOKENS, 0), 1e-5f, "vector kernels, batched");
  }

  /** The formulas, in double, over the arrays the test built. */
  private record Direct(int hs, float[] emb, float[] attNorm, float[] wq, float[] wk, float[] wv,
      float[] wo, float[] bq, float[] bk, float[] bv, float[] qNorm, float[] kNorm,
      float[] finalNorm, float[] out) {

    float[] logits(boolean neox) {
      int qDim = HEADS * hs;
      int kvDim = KV_HEADS * hs;
      double[][] q = new double[2][];
      double[][] k = new double[2][];
      double[][] v = new double[2][];
      for (int p = 0; p < 2; p++) {
        double[] x = row(emb, TOKENS[p], DIM);
        double[] h = rmsnorm(x, attNorm, 0, DIM);
        q[p] = plus(times(wq, qDim, DIM, h), bq);
        k[p] = plus(times(wk, kvDim, DIM, h), bk);
        v[p] = plus(times(wv, kvDim, DIM, h), bv);
        for (int head = 0; head < HEADS; head++) {
          normHead(q[p], head * hs, qNorm);
          rotate(q[p], head * hs, p, neox);
        }
        for (int head = 0; head < KV_HEADS; head++) {
          normHead(k[p], head * hs, kNorm);
          rotate(k[p], head * hs, p, neox);
        }
      }
      // attention of position 1 over positions 0 and 1; query head h reads kv head h / 2
      double[] att = new double[qDim];
      for (int head = 0; head < HEADS; head++) {
        int kvOff = head / (HEADS / KV_HEADS) * hs;
        double[] s = new double[2];
        for (int t = 0; t < 2; t++) {
          for (int i = 0; i < hs; i++) {
            s[t] += q[1][head * hs + i] * k[t][kvOff + i];
          }
          s[t] /= Math.sqrt(hs);
        }
        double a0 = 1 / (1 + Math.exp(s[1] - s[0]));
        for (int i = 0; i < hs; i++) {
          att[head * hs + i] = a0 * v[0][kvOff + i] + (1 - a0) * v[1][kvOff + i];
        }
      }
      double[] y = plus(row(emb, TOKENS[1], DIM), times(wo, DIM, qDim, att));
      double[] logits = times(out, VOCAB, DIM, rmsnorm(y, finalNorm, 0, DIM));
      float[] f = new float[VOCAB];
      for (int i = 0; i < VOCAB; i++) {
        f[i] = (float) logits[i];
      }
      return f;
    }

    /** Qwen3's per-head RMSNorm, in place; nothing without a weight. */
    void normHead(double[] x, int off, float[] weight) {
      if (weight.length == 0) {
        return;
      }
      double[] n = rmsnorm(x, weight, off, hs);
      System.arraycopy(n, 0, x, off, hs);
    }

    /** Pair j turns by pos * base^(-2j / hs): elements (j, j + hs/2), or (2j, 2j+1). */
    void rotate(double[] x, int off, int pos, boolean neox) {
      for (int j = 0; j < hs / 2; j++) {
        double angle = pos * Math.pow(BASE, -2.0 * j / hs);
        int a = off + (neox ? j : 2 * j);
        int b = neox ? a + hs / 2 : a + 1;
        double x0 = x[a];
        double x1 = x[b];
        x[a] = x0 * Math.cos(angle) - x1 * Math.sin(angle);
        x[b] = x0 * Math.sin(angle) + x1 * Math.cos(angle);
      }
    }
  }

  private static double[] rmsnorm(double[] x, float[] w, int off, int n) {
    double ss = 0;
    for (int i = 0; i < n; i++) {
      ss += x[off + i] * x[off + i];
    }
    double scale = 1 / Math.sqrt(ss / n + EPS);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = w[i] * x[off + i] * scale;
    }
    return y;
  }

  private static double[] times(float[] w, int rows, int cols, double[] x) {
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        y[r] += w[r * cols + c] * x[c];
      }
    }
    return y;
  }

  private static double[] plus(double[] a, float[] b) {
    for (int i = 0; i < b.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static double[] plus(double[] a, double[] b) {
    for (int i = 0; i < b.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static double[] row(float[] m, int r, int cols) {
    double[] y = new double[cols];
    for (int c = 0; c < cols; c++) {
      y[c] = m[r * cols + c];
    }
    return y;
  }

  private static float maxDifference(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static float[] random(SplittableRandom r, int n, float spread) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1) * spread;
    }
    return v;
  }

  private static float[] around1(SplittableRandom r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.5f + (float) r.nextDouble();
    }
    return v;
  }

  private static TensorView f32(String name, float[] values, int rows, int cols) {
    ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return TensorViews.of(name, GgmlType.F32, MemorySegment.ofArray(b.array()), rows, cols);
  }
}
