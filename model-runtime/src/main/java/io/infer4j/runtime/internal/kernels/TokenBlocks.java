package io.infer4j.runtime.internal.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * A batch of activation vectors laid out for {@link BatchDots}: cut into blocks of {@link #WIDTH}
 * tokens (two vectors of the preferred species), each block stored element-major, so that the
 * block's values of element {@code k} are {@code WIDTH} consecutive floats, two vector loads:
 * {@code block(b)[k * WIDTH + j] = x[b * WIDTH + j][k]}. Lanes past the batch's last token are
 * zero. Packed once per matrix product and read by every row of it. Immutable once built.
 */
final class TokenBlocks {
  /** Tokens a block holds: two vectors of the preferred float species (32 with AVX-512, 16 with AVX2). */
  static final int WIDTH = 2 * FloatVector.SPECIES_PREFERRED.length();

  private final float[][] blocks;
  private final int count;
  private final int n;

  private TokenBlocks(float[][] blocks, int count, int n) {
    this.blocks = blocks;
    this.count = count;
    this.n = n;
  }

  /**
   * Tokens {@code x[0..count)}, elements {@code [0, n)} of each, packed; whole blocks share the
   * work over {@link RowPool}'s threads (each block written by one thread). Arguments are the
   * caller's to check: every {@code x[t]} holds at least {@code n} floats.
   */
  static TokenBlocks of(float[][] x, int count, int n) {
    int blockCount = (count + WIDTH - 1) / WIDTH;
    float[][] blocks = new float[blockCount][Math.multiplyExact(n, WIDTH)];
    RowPool.forRows(count, WIDTH, (from, to) -> {
      for (int t = from; t < to; t++) {
        float[] dst = blocks[t / WIDTH];
        float[] src = x[t];
        for (int k = 0, at = t % WIDTH; k < n; k++, at += WIDTH) {
          dst[at] = src[k];
        }
      }
    });
    return new TokenBlocks(blocks, count, n);
  }

  /** Block {@code b}'s floats, {@code n * WIDTH} of them, element-major; read only. */
  float[] block(int b) {
    return blocks[b];
  }

  /** Blocks, the last one possibly part-filled. */
  int blockCount() {
    return blocks.length;
  }

  /** Tokens packed. */
  int count() {
    return count;
  }

  /** Elements per token. */
  int n() {
    return n;
  }
}
