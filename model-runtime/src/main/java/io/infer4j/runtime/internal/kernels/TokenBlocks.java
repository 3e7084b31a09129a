package io.infer4j.runtime.internal.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * A batch of activation vectors laid out for {@link BatchDots}: cut into blocks of {@link #WIDTH}
 * tokens (two vectors of the preferred species), each block stored element-major, so that the
 * block's values of element {@code k} are {@code WIDTH} consecutive floats, two vector loads:
 * {@code block(b)[k * WIDTH + j] = x[b * WIDTH + j][k]}. Lanes past the batch's last token are
 * zero. Packed once per matrix product and read by every row of it; its arrays go back to a
 * spare pool on {@link #release} (a prompt's batch runs seven products a layer, and fresh arrays
 * of up to a few MiB each would be allocated and zeroed as often). Not changed once built.
 */
final class TokenBlocks {
  /** Tokens a block holds: two vectors of the preferred species (32 with AVX-512, 16 with AVX2). */
  static final int WIDTH = 2 * FloatVector.SPECIES_PREFERRED.length();

  /** Block arrays between uses. */
  private static final SpareArrays SPARE = new SpareArrays();

  private final float[][] blocks; // possibly more and longer arrays than this batch needs
  private final int blockCount;
  private final int count;
  private final int n;

  private TokenBlocks(float[][] blocks, int blockCount, int count, int n) {
    this.blocks = blocks;
    this.blockCount = blockCount;
    this.count = count;
    this.n = n;
  }

  /**
   * Tokens {@code x[0..count)}, elements {@code [0, n)} of each, packed; whole blocks share the
   * work over {@link RowPool}'s threads (each block written by one thread). Arguments are the
   * caller's to check: every {@code x[t]} holds at least {@code n} floats.
   */
  static TokenBlocks of(float[][] x, int count, int n) {
    if (count == 0) {
      return new TokenBlocks(new float[0][], 0, 0, n); // nothing to pack, nothing to hand back
    }
    int blockCount = (count + WIDTH - 1) / WIDTH;
    float[][] blocks = SPARE.take(blockCount, Math.multiplyExact(n, WIDTH));
    RowPool.forRows(count, WIDTH, (from, to) -> {
      for (int t = from; t < to; t++) {
        float[] dst = blocks[t / WIDTH];
        float[] src = x[t];
        for (int k = 0, at = t % WIDTH; k < n; k++, at += WIDTH) {
          dst[at] = src[k];
        }
      }
    });
    int used = count - (blockCount - 1) * WIDTH; // tokens in the last block
    if (used < WIDTH) { // a reused array holds an earlier batch's values there
      float[] last = blocks[blockCount - 1];
      for (int k = 0; k < n; k++) {
        Arrays.fill(last, k * WIDTH + used, (k + 1) * WIDTH, 0f);
      }
    }
    return new TokenBlocks(blocks, blockCount, count, n);
  }

  /** Hands the arrays back for a later batch; this object must not be read after. */
  void release() {
    SPARE.give(blocks);
  }

  /** Block {@code b}'s floats, element-major: the first {@code n * WIDTH} count; read only. */
  float[] block(int b) {
    return blocks[b];
  }

  /** Blocks, the last one possibly part-filled. */
  int blockCount() {
    return blockCount;
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
