package io.infer4j.runtime.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchDots#panel}: every output is the plain sequential loop {@code s = Math.fma(x[k],
 * w[k], s)} over {@code k} bit for bit, whatever the panel's size (eight-row passes and the rows
 * left over), the token's place (whole blocks, a last block wider or narrower than one vector), or
 * the row length (no multiple of the lane count needed), interpreted or compiled; outputs outside
 * the panel stay untouched.
 */
class BatchDotsTest {
  private static final int W = TokenBlocks.WIDTH;

  private static float sequentialFma(float[] w, float[] x, int n) {
    float s = 0;
    for (int k = 0; k < n; k++) {
      s = Math.fma(x[k], w[k], s);
    }
    return s;
  }

  @Test
  void eachOutputIsTheSequentialFusedSum() {
    Random r = new Random(41);
    // a whole block and a last one past one vector; exactly one block; a last one of one vector
    // or less; a single token
    int[] tokenCounts = {W + W / 2 + 1, W, W + W / 2, 2 * W + 1, 1};
    int[] rowCounts = {1, 7, 8, 9, 16, 19};
    int[] lengths = {1, 37, 256};
    for (int n : lengths) {
      for (int count : tokenCounts) {
        // one token past count, never read
        float[][] x = RandomMatrices.gaussians(r, count + 1, n);
        TokenBlocks blocks = TokenBlocks.of(x, count, n);
        for (int rowCount : rowCounts) {
          // rows may be longer than n
          float[][] rows = RandomMatrices.gaussians(r, rowCount, n + 3);
          int at = 3; // the panel's first row in the output
          float[][] out = new float[count + 1][at + rowCount + 1];
          BatchDots.panel(rows, rowCount, blocks, out, at, new float[BatchDots.SCRATCH]);
          for (int t = 0; t < count; t++) {
            for (int j = 0; j < rowCount; j++) {
              float expected = sequentialFma(rows[j], x[t], n);
              assertEquals(Float.floatToRawIntBits(expected),
                  Float.floatToRawIntBits(out[t][at + j]),
                  "n " + n + ", " + count + " tokens, " + rowCount + " rows: token " + t
                      + ", row " + j);
            }
            assertEquals(0f, out[t][at - 1], "before the panel");
            assertEquals(0f, out[t][at + rowCount], "after the panel");
          }
          for (float v : out[count]) {
            assertEquals(0f, v, "a token past count");
          }
        }
      }
    }
  }

  @Test
  void outputsDoNotChangeOnceCompiled() {
    Random r = new Random(13);
    int n = 67;
    int count = W + 2;
    float[][] x = new float[count][n];
    float[][] rows = new float[9][n]; // one eight-row pass and one row alone
    for (float[] v : x) {
      fillMixed(r, v);
    }
    for (float[] v : rows) {
      fillMixed(r, v);
    }
    TokenBlocks blocks = TokenBlocks.of(x, count, n);
    float[] scratch = new float[BatchDots.SCRATCH];
    float[][] out = new float[count][rows.length];
    for (int rep = 0; rep < 4_000; rep++) { // long enough for C2 to compile the kernels
      BatchDots.panel(rows, rows.length, blocks, out, 0, scratch);
      if (rep % 500 == 0 || rep == 3_999) {
        for (int t = 0; t < count; t++) {
          for (int j = 0; j < rows.length; j++) {
            assertEquals(Float.floatToRawIntBits(sequentialFma(rows[j], x[t], n)),
                Float.floatToRawIntBits(out[t][j]), "repetition " + rep + ", token " + t);
          }
        }
      }
    }
  }

  /** Values of mixed sign and magnitude, where the order of additions shows in the result. */
  private static void fillMixed(Random r, float[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
    }
  }

  @Test
  void tokenBlocksHoldEachElementOnceAndZerosPastTheBatch() {
    Random r = new Random(43);
    int n = 5;
    int count = W + 3;
    float[][] x = RandomMatrices.gaussians(r, count, n);
    // hold whatever spare arrays earlier batches left, so that the next ones taken are known
    TokenBlocks[] held = new TokenBlocks[8];
    for (int i = 0; i < held.length; i++) {
      held[i] = TokenBlocks.of(x, count, n);
    }
    TokenBlocks.of(x, 0, n).release(); // an empty batch: no arrays taken, none handed back
    // a larger batch's arrays handed back: none of its values may show through when reused
    TokenBlocks.of(RandomMatrices.gaussians(r, 2 * W, n + 7), 2 * W, n + 7).release();
    TokenBlocks blocks = TokenBlocks.of(x, count, n);
    assertEquals(2, blocks.blockCount());
    for (int b = 0; b < 2; b++) {
      for (int k = 0; k < n; k++) {
        for (int j = 0; j < W; j++) {
          int t = b * W + j;
          float expected = t < count ? x[t][k] : 0f;
          assertEquals(expected, blocks.block(b)[k * W + j],
              "block " + b + ", k " + k + ", lane " + j);
        }
      }
    }
    for (TokenBlocks h : held) {
      h.release();
    }
  }
}
