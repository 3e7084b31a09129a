package io.infer4j.runtime.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 weight rows (already dequantized into a cache-resident panel) against a batch of
 * activation vectors ({@link TokenBlocks}), the inner loop of {@link VectorMatmul#matmulBatch},
 * as an outer product: for each element {@code k}, two vector loads bring 2L tokens' {@code x[k]},
 * eight scalar broadcasts bring eight rows' {@code w[k]}, and sixteen fused multiply-adds update
 * sixteen accumulators, each lane one (row, token) output. No lane sums: an output's lane sees
 * {@code s = fma(x[k], w[k], s)} for {@code k = 0, 1, ..., n - 1}, so every output equals that
 * plain sequential loop bit for bit, whatever the vector width, the batch's size, the panel's or
 * the output's place in them ({@code BatchDotsTest} holds it to {@code Math.fma}).
 *
 * <p>Why this shape: the earlier form (two rows by four tokens, dot products along {@code k}, lane
 * sums at the end) loaded six 64-byte vectors per eight multiply-adds, more than the L2 cache
 * feeds, and ran at 72-96 GFLOP/s on one AVX-512 core in a scratch harness; this one loads two
 * vectors and eight floats per sixteen and ran at 182-202 GFLOP/s there, against 214-222 for
 * multiply-adds alone on registers (2026-12-05, the AVX-512 host, 16 rows of 2048 and 5632 floats
 * against 128 tokens; {@code BatchDotsSpeed}, which times this form alone, gave 158-179 beside
 * 215-231). Four rows a pass ran at 83-89. Sixteen accumulators fill half of AVX-512's 32
 * registers; with AVX2's 16 they spill, and there {@link LaneBatchDots} runs instead ({@link
 * #CHOSEN}). Stateless.
 */
final class BatchDots {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  /**
   * Whether {@link VectorMatmul#matmulBatch} takes this kernel: where the preferred vectors have
   * 16 float lanes (AVX-512, 32 vector registers). With AVX2's 16 registers the sixteen
   * accumulators spill; this host run as AVX2 ({@code -XX:UseAVX=2}, one core, 2026-12-05) gave
   * 52-60 GFLOP/s here against {@link LaneBatchDots}' 51-66 (2048- and 5632-float rows, 128
   * tokens; six rows a pass 46-50, four 56-57), and Q8_0 prompts 0.79x and 0.86x as fast as
   * before this kernel in two alternating pairs. So narrower hosts keep {@link LaneBatchDots}.
   * The lane count stands in for the register count, which Java does not tell: an AVX-512 host
   * held to 256-bit vectors ({@code -XX:MaxVectorSize=32}) keeps 32 registers, where this kernel
   * ran at 103 GFLOP/s against 72, but takes {@link LaneBatchDots} too.
   */
  static final boolean CHOSEN = F.length() >= 16;
  private static final int L = F.length();
  private static final int WIDTH = TokenBlocks.WIDTH;

  /** Floats of scratch {@link #panel} needs: eight rows of one block's outputs. */
  static final int SCRATCH = 8 * WIDTH;

  private BatchDots() {}

  /**
   * {@code out[t][r + j] = rows[j] . x[t]} over {@code x.n()} elements, for {@code j < rowCount}
   * and every token {@code t} of {@code x}: eight rows a pass, the rest one at a time; a last block
   * of at most L tokens is read one vector wide. {@code scratch}: {@link #SCRATCH} floats,
   * overwritten. Outputs outside those rows and tokens are not touched.
   */
  static void panel(float[][] rows, int rowCount, TokenBlocks x, float[][] out, int r,
      float[] scratch) {
    int n = x.n();
    for (int b = 0; b < x.blockCount(); b++) {
      float[] xb = x.block(b);
      int t0 = b * WIDTH;
      int tokens = Math.min(WIDTH, x.count() - t0);
      int j = 0;
      for (; j + 8 <= rowCount; j += 8) {
        if (tokens > L) {
          eightRowsTwoVectors(rows, j, xb, n, scratch);
        } else {
          eightRowsOneVector(rows, j, xb, n, scratch);
        }
        scatter(scratch, 8, out, t0, tokens, r + j);
      }
      for (; j < rowCount; j++) {
        oneRow(rows[j], xb, n, scratch);
        scatter(scratch, 1, out, t0, tokens, r + j);
      }
    }
  }

  /** {@code out[t0 + i][r + q] = scratch[q * WIDTH + i]} for {@code q < rowCount, i < tokens}. */
  private static void scatter(float[] scratch, int rowCount, float[][] out, int t0, int tokens,
      int r) {
    for (int q = 0; q < rowCount; q++) {
      for (int i = 0; i < tokens; i++) {
        out[t0 + i][r + q] = scratch[q * WIDTH + i];
      }
    }
  }

  /** Rows {@code j..j+7} against a whole block: row {@code q}'s outputs at {@code q * WIDTH}. */
  private static void eightRowsTwoVectors(float[][] rows, int j, float[] xb, int n, float[] o) {
    float[] w0 = rows[j];
    float[] w1 = rows[j + 1];
    float[] w2 = rows[j + 2];
    float[] w3 = rows[j + 3];
    float[] w4 = rows[j + 4];
    float[] w5 = rows[j + 5];
    float[] w6 = rows[j + 6];
    float[] w7 = rows[j + 7];
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    FloatVector b0 = a0;
    FloatVector b1 = a0;
    FloatVector b2 = a0;
    FloatVector b3 = a0;
    FloatVector b4 = a0;
    FloatVector b5 = a0;
    FloatVector b6 = a0;
    FloatVector b7 = a0;
    for (int k = 0; k < n; k++) {
      FloatVector x0 = FloatVector.fromArray(F, xb, k * WIDTH);
      FloatVector x1 = FloatVector.fromArray(F, xb, k * WIDTH + L);
      FloatVector w = FloatVector.broadcast(F, w0[k]);
      a0 = x0.fma(w, a0);
      b0 = x1.fma(w, b0);
      w = FloatVector.broadcast(F, w1[k]);
      a1 = x0.fma(w, a1);
      b1 = x1.fma(w, b1);
      w = FloatVector.broadcast(F, w2[k]);
      a2 = x0.fma(w, a2);
      b2 = x1.fma(w, b2);
      w = FloatVector.broadcast(F, w3[k]);
      a3 = x0.fma(w, a3);
      b3 = x1.fma(w, b3);
      w = FloatVector.broadcast(F, w4[k]);
      a4 = x0.fma(w, a4);
      b4 = x1.fma(w, b4);
      w = FloatVector.broadcast(F, w5[k]);
      a5 = x0.fma(w, a5);
      b5 = x1.fma(w, b5);
      w = FloatVector.broadcast(F, w6[k]);
      a6 = x0.fma(w, a6);
      b6 = x1.fma(w, b6);
      w = FloatVector.broadcast(F, w7[k]);
      a7 = x0.fma(w, a7);
      b7 = x1.fma(w, b7);
    }
    a0.intoArray(o, 0);
    b0.intoArray(o, L);
    a1.intoArray(o, WIDTH);
    b1.intoArray(o, WIDTH + L);
    a2.intoArray(o, 2 * WIDTH);
    b2.intoArray(o, 2 * WIDTH + L);
    a3.intoArray(o, 3 * WIDTH);
    b3.intoArray(o, 3 * WIDTH + L);
    a4.intoArray(o, 4 * WIDTH);
    b4.intoArray(o, 4 * WIDTH + L);
    a5.intoArray(o, 5 * WIDTH);
    b5.intoArray(o, 5 * WIDTH + L);
    a6.intoArray(o, 6 * WIDTH);
    b6.intoArray(o, 6 * WIDTH + L);
    a7.intoArray(o, 7 * WIDTH);
    b7.intoArray(o, 7 * WIDTH + L);
  }

  /**
   * Rows {@code j..j+7} against a block's first L tokens only (a last block holding no more):
   * half the work of {@link #eightRowsTwoVectors} where the second vector would be padding.
   */
  private static void eightRowsOneVector(float[][] rows, int j, float[] xb, int n, float[] o) {
    float[] w0 = rows[j];
    float[] w1 = rows[j + 1];
    float[] w2 = rows[j + 2];
    float[] w3 = rows[j + 3];
    float[] w4 = rows[j + 4];
    float[] w5 = rows[j + 5];
    float[] w6 = rows[j + 6];
    float[] w7 = rows[j + 7];
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    for (int k = 0; k < n; k++) {
      FloatVector x0 = FloatVector.fromArray(F, xb, k * WIDTH);
      a0 = x0.fma(FloatVector.broadcast(F, w0[k]), a0);
      a1 = x0.fma(FloatVector.broadcast(F, w1[k]), a1);
      a2 = x0.fma(FloatVector.broadcast(F, w2[k]), a2);
      a3 = x0.fma(FloatVector.broadcast(F, w3[k]), a3);
      a4 = x0.fma(FloatVector.broadcast(F, w4[k]), a4);
      a5 = x0.fma(FloatVector.broadcast(F, w5[k]), a5);
      a6 = x0.fma(FloatVector.broadcast(F, w6[k]), a6);
      a7 = x0.fma(FloatVector.broadcast(F, w7[k]), a7);
    }
    a0.intoArray(o, 0);
    a1.intoArray(o, WIDTH);
    a2.intoArray(o, 2 * WIDTH);
    a3.intoArray(o, 3 * WIDTH);
    a4.intoArray(o, 4 * WIDTH);
    a5.intoArray(o, 5 * WIDTH);
    a6.intoArray(o, 6 * WIDTH);
    a7.intoArray(o, 7 * WIDTH);
  }

  /** Row {@code w} against a whole block: outputs to {@code o[0..WIDTH)}. */
  private static void oneRow(float[] w, float[] xb, int n, float[] o) {
    FloatVector a = FloatVector.zero(F);
    FloatVector b = a;
    for (int k = 0; k < n; k++) {
      FloatVector v = FloatVector.broadcast(F, w[k]);
      a = FloatVector.fromArray(F, xb, k * WIDTH).fma(v, a);
      b = FloatVector.fromArray(F, xb, k * WIDTH + L).fma(v, b);
    }
    a.intoArray(o, 0);
    b.intoArray(o, L);
  }
}
