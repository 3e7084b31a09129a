package io.infer4j.runtime.internal.kernels;

import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.BLOCK;
import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.D;
import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.PACKED;
import static io.infer4j.runtime.internal.kernels.Q4LaneLayout.ROWS;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Q4LaneDots}' Q4_0 results, bit for bit, for many tokens at once (a prompt): Q4_0 rows in
 * {@link Q4LaneLayout} times Q8_0 activation codes in the float order of llama.cpp b4916's
 * repacked {@code ggml_gemm_q4_0_8x8_q8_0} (one float accumulator per row and token, {@code acc =
 * fma(isum, dw * dy, acc)} a block, {@code isum} the block's exact integer sum).
 *
 * <p>Where {@link Q4LaneDots} unpacks a group's nibbles for every token, here a tile of {@link
 * #TILE_BLOCKS} blocks of a group is unpacked once, to floats {@code q - 8} in a scratch array that
 * stays in the L1 cache, and four tokens per pass read each loaded vector of it. A block's sum is
 * formed by a float multiply and 31 fused multiply-adds, exact because every partial sum is an
 * integer of magnitude at most {@code 32 * 8 * 127 = 32512 < 2^24}; so the fused multiply-add
 * with the scales sees the same operands as ggml's and rounds the same way. Tiles follow each
 * other in block order, so each accumulator takes its blocks in ggml's order. As {@link
 * Q8LaneQuadTiles} (same tile size), used from {@link #MIN_TOKENS} tokens on. Needs 512-bit
 * vectors. Stateless.
 */
final class Q4LaneTiles {
  /** Blocks of a group unpacked at a time: {@link Q8LaneQuadTiles#TILE_BLOCKS}'s 32 KiB. */
  private static final int TILE_BLOCKS = Q8LaneQuadTiles.TILE_BLOCKS;
  /** Tokens from which the tiles are used: {@link Q8LaneQuadTiles#MIN_TOKENS}'s measure. */
  static final int MIN_TOKENS = Q8LaneQuadTiles.MIN_TOKENS;
  /** Tokens per pass over a tile. */
  private static final int TOKENS = 4;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
  private static final int HALF_ROWS = ROWS / 2;

  private Q4LaneTiles() {}

  /**
   * {@code out[t][row] = row . x[t]} for the rows of groups {@code [from, to)} of the {@code rows x
   * cols} Q4_0 matrix in {@code groups}, rows past {@code rows} (the last group's padding) left
   * out: token {@code t}'s activation codes {@code y[t]} (as floats, in column order) and block
   * scales {@code dy[t]} (the fp16 scales as floats), {@code count >= 1} tokens.
   *
   * @throws IllegalArgumentException if {@code type} is not Q4_0 (Q4_1's offsets are not here)
   */
  static void groups(GgmlType type, MemorySegment[] groups, int rows, int cols,
      float[][] y, float[][] dy, int count, int from, int to, float[][] out) {
    if (type != GgmlType.Q4_0) {
      throw new IllegalArgumentException("Q4_0 tiles, not " + type);
    }
    int blocks = cols / BLOCK;
    long chunkBytes = Q4LaneLayout.chunkBytes(type);
    float[] codes = new float[TILE_BLOCKS * BLOCK * ROWS];
    float[] dw = new float[TILE_BLOCKS * ROWS];
    float[] ds = new float[TOKENS * TILE_BLOCKS * ROWS];
    float[] accs = new float[count * ROWS];
    int[] tokens = new int[TOKENS];
    for (int g = from; g < to; g++) {
      Arrays.fill(accs, 0f);
      for (int b0 = 0; b0 < blocks; b0 += TILE_BLOCKS) {
        int n = Math.min(TILE_BLOCKS, blocks - b0);
        unpack(groups[g], chunkBytes, b0, n, codes, dw);
        for (int t = 0; t < count; t += TOKENS) {
          for (int u = 0; u < TOKENS; u++) {
            // past the last token, repeat it: the same sums written twice to the same place
            tokens[u] = Math.min(t + u, count - 1);
            // float(dw) * dy, one rounding, as Q4LaneDots forms it (rows in order here)
            Q8LaneQuadTiles.scales(dw, dy[tokens[u]], b0, n, ds, u * TILE_BLOCKS * ROWS);
          }
          fourTokens(codes, ds, y, tokens, b0, n, accs);
        }
      }
      int row0 = g * ROWS;
      int m = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        System.arraycopy(accs, t * ROWS, out[t], row0, m);
      }
    }
  }

  /**
   * The codes {@code q - 8} of blocks {@code [b0, b0 + n)} of group {@code w} as floats, column
   * {@code x} of tile block {@code bb} at {@code codes[(32 bb + x) * 32]} in row order; the
   * blocks' fp16 scales as {@link Q8LaneDots#halfRowScales} widens them (times {@code 2^-112}),
   * block {@code bb}'s at {@code dw[32 bb]}, in row order.
   */
  private static void unpack(MemorySegment w, long chunkBytes, int b0, int n, float[] codes,
      float[] dw) {
    for (int bb = 0; bb < n; bb++) {
      long chunk = (b0 + bb) * chunkBytes;
      for (int l = 0; l < PACKED; l++) {
        ShortVector q = (ShortVector) ByteVector.fromMemorySegment(B32, w,
                chunk + (long) l * ROWS, ByteOrder.LITTLE_ENDIAN)
            .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
        store(q.and((short) 0x0F).sub((short) 8), codes, (bb * BLOCK + l) * ROWS);
        store(q.lanewise(VectorOperators.LSHR, 4).sub((short) 8), codes,
            (bb * BLOCK + l + PACKED) * ROWS);
      }
      Q8LaneDots.halfRowScales(w, chunk + D).intoArray(dw, bb * ROWS);
      Q8LaneDots.halfRowScales(w, chunk + D + ROWS).intoArray(dw, bb * ROWS + HALF_ROWS);
    }
  }

  /** The 32 shorts of {@code v} (rows 0-31) as floats at {@code codes[at ..]}. */
  private static void store(ShortVector v, float[] codes, int at) {
    ((FloatVector) ((IntVector) v.convertShape(VectorOperators.S2I, I, 0))
        .convert(VectorOperators.I2F, 0)).intoArray(codes, at);
    ((FloatVector) ((IntVector) v.convertShape(VectorOperators.S2I, I, 1))
        .convert(VectorOperators.I2F, 0)).intoArray(codes, at + HALF_ROWS);
  }

  /**
   * The tile's blocks into four tokens' accumulators ({@code accs[32 t ..]}, rows 0-15 then
   * 16-31), the scales of token {@code tokens[u]} at {@code ds[u * 256 ..]}. Each block's eight
   * sums (four tokens, two halves of the rows) are eight independent chains of fused multiply-adds
   * over its 32 columns. Written out for the four tokens, as {@link Q8LaneQuadTiles}' are: a
   * helper C2 compiles on its own first is then too large to inline, its vectors passed boxed.
   */
  private static void fourTokens(float[] codes, float[] ds, float[][] y, int[] tokens, int b0,
      int n, float[] accs) {
    float[] ya = y[tokens[0]];
    float[] yb = y[tokens[1]];
    float[] yc = y[tokens[2]];
    float[] yd = y[tokens[3]];
    int dsStride = TILE_BLOCKS * ROWS;
    int a = tokens[0] * ROWS;
    int b = tokens[1] * ROWS;
    int c = tokens[2] * ROWS;
    int d = tokens[3] * ROWS;
    FloatVector accA0 = FloatVector.fromArray(F, accs, a);
    FloatVector accA1 = FloatVector.fromArray(F, accs, a + HALF_ROWS);
    FloatVector accB0 = FloatVector.fromArray(F, accs, b);
    FloatVector accB1 = FloatVector.fromArray(F, accs, b + HALF_ROWS);
    FloatVector accC0 = FloatVector.fromArray(F, accs, c);
    FloatVector accC1 = FloatVector.fromArray(F, accs, c + HALF_ROWS);
    FloatVector accD0 = FloatVector.fromArray(F, accs, d);
    FloatVector accD1 = FloatVector.fromArray(F, accs, d + HALF_ROWS);
    for (int bb = 0; bb < n; bb++) {
      int x = (b0 + bb) * BLOCK;
      int w = bb * BLOCK * ROWS;
      FloatVector w0 = FloatVector.fromArray(F, codes, w);
      FloatVector w1 = FloatVector.fromArray(F, codes, w + HALF_ROWS);
      FloatVector sa0 = w0.mul(ya[x]);
      FloatVector sa1 = w1.mul(ya[x]);
      FloatVector sb0 = w0.mul(yb[x]);
      FloatVector sb1 = w1.mul(yb[x]);
      FloatVector sc0 = w0.mul(yc[x]);
      FloatVector sc1 = w1.mul(yc[x]);
      FloatVector sd0 = w0.mul(yd[x]);
      FloatVector sd1 = w1.mul(yd[x]);
      for (int col = 1; col < BLOCK; col++) {
        int at = w + col * ROWS;
        w0 = FloatVector.fromArray(F, codes, at);
        w1 = FloatVector.fromArray(F, codes, at + HALF_ROWS);
        FloatVector ea = FloatVector.broadcast(F, ya[x + col]);
        FloatVector eb = FloatVector.broadcast(F, yb[x + col]);
        FloatVector ec = FloatVector.broadcast(F, yc[x + col]);
        FloatVector ed = FloatVector.broadcast(F, yd[x + col]);
        sa0 = w0.fma(ea, sa0);
        sa1 = w1.fma(ea, sa1);
        sb0 = w0.fma(eb, sb0);
        sb1 = w1.fma(eb, sb1);
        sc0 = w0.fma(ec, sc0);
        sc1 = w1.fma(ec, sc1);
        sd0 = w0.fma(ed, sd0);
        sd1 = w1.fma(ed, sd1);
      }
      int s = bb * ROWS;
      accA0 = sa0.fma(FloatVector.fromArray(F, ds, s), accA0);
      accA1 = sa1.fma(FloatVector.fromArray(F, ds, s + HALF_ROWS), accA1);
      s += dsStride;
      accB0 = sb0.fma(FloatVector.fromArray(F, ds, s), accB0);
      accB1 = sb1.fma(FloatVector.fromArray(F, ds, s + HALF_ROWS), accB1);
      s += dsStride;
      accC0 = sc0.fma(FloatVector.fromArray(F, ds, s), accC0);
      accC1 = sc1.fma(FloatVector.fromArray(F, ds, s + HALF_ROWS), accC1);
      s += dsStride;
      accD0 = sd0.fma(FloatVector.fromArray(F, ds, s), accD0);
      accD1 = sd1.fma(FloatVector.fromArray(F, ds, s + HALF_ROWS), accD1);
    }
    // a token repeated past the last one has the same sums in each of its slots
    accA0.intoArray(accs, a);
    accA1.intoArray(accs, a + HALF_ROWS);
    accB0.intoArray(accs, b);
    accB1.intoArray(accs, b + HALF_ROWS);
    accC0.intoArray(accs, c);
    accC1.intoArray(accs, c + HALF_ROWS);
    accD0.intoArray(accs, d);
    accD1.intoArray(accs, d + HALF_ROWS);
  }
}
