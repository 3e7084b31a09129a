package io.infer4j.runtime.internal.kernels;

import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.BLOCK;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.CHUNK_BYTES;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.D;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.D_ODD;
import static io.infer4j.runtime.internal.kernels.Q8LaneLayout.ROWS;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Q8LaneQuadDots}'s results, bit for bit, for many tokens at once (a prompt): Q8_0 rows in
 * {@link Q8LaneLayout} times Q8_0 activation codes in the float order of llama.cpp b4916's x86
 * AVX2 {@code ggml_vec_dot_q8_0_q8_0} / tinyBLAS_Q0_AVX (8 float accumulators a row, one fused
 * multiply-add a block each, then {@code hsum_float_8}).
 *
 * <p>Where {@link Q8LaneQuadDots} widens a group's codes for every token, here a tile of {@link
 * #TILE_BLOCKS} blocks of a group is widened once, to floats in a scratch array that stays in the
 * L1 cache, and every token reads it there, four tokens per pass so that each loaded vector of
 * weights feeds four of them. A quad's integer sum {@code s_j} (columns {@code 4j .. 4j+3}) is
 * formed by float multiplies and fused multiply-adds, exact because every partial sum is an integer
 * of magnitude at most {@code 4 * 128 * 127 = 65024 < 2^24}; so {@code fma(s_j, d, acc_j)} sees
 * the same operands as ggml's and rounds the same way. Tiles follow each other in block order, so
 * each accumulator takes its blocks in ggml's order. Used from {@link #MIN_TOKENS} tokens on
 * (below, the widening costs more than it saves). Needs 512-bit vectors. Stateless.
 */
public final class Q8LaneQuadTiles {
  /**
   * Blocks of a group widened at a time: 8 blocks of 32 rows by 32 columns are 32 KiB of floats,
   * within the 48 KiB L1 data cache of recent x86 cores (Intel Golden Cove, AMD Zen 5).
   */
  static final int TILE_BLOCKS = 8;
  /**
   * Tokens from which this beats {@link Q8LaneQuadDots}: in a scratch harness (a 2048 x 2048
   * matrix, one thread, AVX-512 Xeon, 2026-12-06) about even at 4 tokens, 1.2x at 8, 1.8x at 64;
   * at 2 tokens half as fast (the widening costs more than two tokens' products).
   */
  public static final int MIN_TOKENS = 8;
  /** Tokens per pass over a tile. */
  private static final int TOKENS = 4;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final int HALF_ROWS = ROWS / 2;
  /** Floats of one token's accumulators in a group: 8 quads of the even rows and the odd rows. */
  private static final int ACC_FLOATS = 8 * ROWS;

  private Q8LaneQuadTiles() {}

  /**
   * {@code out[t][row]} for the rows of groups {@code [from, to)} of the {@code rows x cols}
   * matrix in {@code groups}, rows past {@code rows} (the last group's padding) left out: token
   * {@code t}'s activation codes {@code y[t]} (as floats, in column order) and fp16 block scales
   * {@code dy[t]} (as floats), {@code count >= 1} tokens; rows of {@code type}: Q8_0 and Q5_0
   * (codes) or Q5_1 (codes and offsets) in {@link Q8LaneLayout}, or Q4_1 in {@link Q4LaneLayout}
   * (nibbles, widened here into the same tiles). For Q5_1 and Q4_1 ({@code sy} each token's Q8_1
   * block sums, else null), each token's {@code summs} are added after {@code hsum_float_8}, as
   * {@link Q8LaneQuadDots} and {@link Q4LaneQuadDots} add them.
   */
  public static void groups(GgmlType type, MemorySegment[] groups, int rows, int cols,
      float[][] y, float[][] dy, float[][] sy, int count, int from, int to, float[][] out) {
    boolean nibbles = type == GgmlType.Q4_1;
    long chunkBytes = nibbles ? Q4LaneLayout.chunkBytes(type) : Q8LaneLayout.chunkBytes(type);
    int blocks = cols / BLOCK;
    float[] codes = new float[TILE_BLOCKS * BLOCK * ROWS];
    float[] dw = new float[TILE_BLOCKS * ROWS];
    float[] ds = new float[TOKENS * TILE_BLOCKS * ROWS];
    float[] accs = new float[count * ACC_FLOATS];
    float[] sums = new float[2 * ROWS];
    float[] summs = new float[2 * ROWS]; // Q8LaneQuadDots.offsets' room
    int[] tokens = new int[TOKENS];
    for (int g = from; g < to; g++) {
      Arrays.fill(accs, 0f);
      for (int b0 = 0; b0 < blocks; b0 += TILE_BLOCKS) {
        int n = Math.min(TILE_BLOCKS, blocks - b0);
        if (nibbles) {
          widenNibbles(groups[g], chunkBytes, b0, n, codes, dw);
        } else {
          widen(groups[g], chunkBytes, b0, n, codes, dw);
        }
        for (int t = 0; t < count; t += TOKENS) {
          for (int u = 0; u < TOKENS; u++) {
            // past the last token, repeat it: the same sums written twice to the same place
            tokens[u] = Math.min(t + u, count - 1);
            scales(dw, dy[tokens[u]], b0, n, ds, u * TILE_BLOCKS * ROWS);
          }
          fourTokens(codes, ds, y, tokens, b0, n, accs);
        }
      }
      int row0 = g * ROWS;
      int m = Math.min(ROWS, rows - row0);
      for (int t = 0; t < count; t++) {
        Q8LaneQuadDots.hsum(accs, t * ACC_FLOATS, sums);
        if (nibbles) { // offsets in row order, added as Q4LaneQuadDots adds them
          Q8LaneDots.addMins(groups[g], blocks, chunkBytes, Q4LaneLayout.M, sy[t], sums);
        } else if (sy != null) {
          Q8LaneQuadDots.offsets(groups[g], chunkBytes, blocks, sy[t], summs);
          for (int r = 0; r < ROWS; r++) {
            sums[r] += summs[r];
          }
        }
        System.arraycopy(sums, 0, out[t], row0, m);
      }
    }
  }

  /**
   * The codes of blocks {@code [b0, b0 + n)} of group {@code w} as floats, column {@code x} of
   * tile block {@code bb} at {@code codes[(32 bb + x) * 32]}, even rows' 16 then odd rows' 16; the
   * blocks' fp16 scales as {@link Q8LaneDots#halfRowScales} widens them (times {@code 2^-112}),
   * block {@code bb}'s at {@code dw[32 bb]}, even rows then odd.
   */
  private static void widen(MemorySegment w, long chunkBytes, int b0, int n, float[] codes,
      float[] dw) {
    for (int bb = 0; bb < n; bb++) {
      long chunk = (b0 + bb) * chunkBytes;
      for (int x = 0; x < BLOCK; x++) {
        IntVector v = Q8LaneDots.codes(w, chunk + (long) x * ROWS).reinterpretAsInts();
        int at = (bb * BLOCK + x) * ROWS;
        ((FloatVector) v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
            .convert(VectorOperators.I2F, 0)).intoArray(codes, at);
        ((FloatVector) v.lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0))
            .intoArray(codes, at + HALF_ROWS);
      }
      Q8LaneDots.halfRowScales(w, chunk + D).intoArray(dw, bb * ROWS);
      Q8LaneDots.halfRowScales(w, chunk + D_ODD).intoArray(dw, bb * ROWS + HALF_ROWS);
    }
  }

  /**
   * {@link #widen} for Q4_1 rows in {@link Q4LaneLayout}: column {@code l} ({@code l < 16}) is the
   * low nibble of byte {@code l}, column {@code l + 16} its high one; the scales, stored in row
   * order, put in even and odd rows ({@link Q4LaneQuadDots#evenOdd}).
   */
  private static void widenNibbles(MemorySegment w, long chunkBytes, int b0, int n,
      float[] codes, float[] dw) {
    for (int bb = 0; bb < n; bb++) {
      long chunk = (b0 + bb) * chunkBytes;
      for (int l = 0; l < BLOCK / 2; l++) {
        ShortVector q = Q4LaneDots.nibbles(w, chunk + (long) l * ROWS);
        IntVector low = q.and((short) 0x0F).reinterpretAsInts();
        IntVector high = q.lanewise(VectorOperators.LSHR, 4).reinterpretAsInts();
        int at = (bb * BLOCK + l) * ROWS;
        // codes are 0..15: the halves of a 32-bit lane need no sign extension
        ((FloatVector) low.and(0xFFFF).convert(VectorOperators.I2F, 0)).intoArray(codes, at);
        ((FloatVector) low.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0))
            .intoArray(codes, at + HALF_ROWS);
        int up = at + BLOCK / 2 * ROWS;
        ((FloatVector) high.and(0xFFFF).convert(VectorOperators.I2F, 0)).intoArray(codes, up);
        ((FloatVector) high.lanewise(VectorOperators.LSHR, 16).convert(VectorOperators.I2F, 0))
            .intoArray(codes, up + HALF_ROWS);
      }
      Q4LaneQuadDots.evenOdd(Q8LaneDots.halfRowScales(w, chunk + Q4LaneLayout.D),
          Q8LaneDots.halfRowScales(w, chunk + Q4LaneLayout.D + ROWS), dw, bb * ROWS);
    }
  }

  /**
   * One token's block scales {@code d = float(dw) * dy} (one rounding, as ggml's) for the tile's
   * {@code n} blocks, block {@code bb}'s at {@code ds[at + 32 bb]}, in the rows' order in {@code
   * dw} (here even rows then odd; {@link Q4LaneTiles}' in row order).
   */
  static void scales(float[] dw, float[] dy, int b0, int n, float[] ds, int at) {
    for (int bb = 0; bb < n; bb++) {
      float s = dy[b0 + bb] * F16Rows.HALF_SCALE; // the widened scales are dw * 2^-112
      FloatVector.fromArray(F, dw, bb * ROWS).mul(s).intoArray(ds, at + bb * ROWS);
      FloatVector.fromArray(F, dw, bb * ROWS + HALF_ROWS).mul(s)
          .intoArray(ds, at + bb * ROWS + HALF_ROWS);
    }
  }

  /**
   * The tile's blocks into four tokens' accumulators ({@code accs[t * 256 ..]}: quad {@code j}'s
   * even rows at {@code 32 j}, odd rows 16 on), the scales of token {@code tokens[u]} at {@code
   * ds[u * 256 ..]}. Quad by quad, so that the eight accumulators stay in registers across blocks.
   * The four tokens' sums are written out rather than taken from a helper method: a helper that
   * C2 compiles on its own first is then too large to inline (its vectors passed boxed), which ran
   * this kernel ten times slower in a scratch measurement.
   */
  private static void fourTokens(float[] codes, float[] ds, float[][] y, int[] tokens, int b0,
      int n, float[] accs) {
    float[] ya = y[tokens[0]];
    float[] yb = y[tokens[1]];
    float[] yc = y[tokens[2]];
    float[] yd = y[tokens[3]];
    int dsStride = TILE_BLOCKS * ROWS;
    for (int j = 0; j < 8; j++) {
      int a = tokens[0] * ACC_FLOATS + j * ROWS;
      int b = tokens[1] * ACC_FLOATS + j * ROWS;
      int c = tokens[2] * ACC_FLOATS + j * ROWS;
      int d = tokens[3] * ACC_FLOATS + j * ROWS;
      FloatVector ae = FloatVector.fromArray(F, accs, a);
      FloatVector ao = FloatVector.fromArray(F, accs, a + HALF_ROWS);
      FloatVector be = FloatVector.fromArray(F, accs, b);
      FloatVector bo = FloatVector.fromArray(F, accs, b + HALF_ROWS);
      FloatVector ce = FloatVector.fromArray(F, accs, c);
      FloatVector co = FloatVector.fromArray(F, accs, c + HALF_ROWS);
      FloatVector de = FloatVector.fromArray(F, accs, d);
      FloatVector dO = FloatVector.fromArray(F, accs, d + HALF_ROWS);
      for (int bb = 0; bb < n; bb++) {
        int x = (b0 + bb) * BLOCK + 4 * j;
        int w = (bb * BLOCK + 4 * j) * ROWS;
        FloatVector w0e = FloatVector.fromArray(F, codes, w);
        FloatVector w0o = FloatVector.fromArray(F, codes, w + HALF_ROWS);
        FloatVector w1e = FloatVector.fromArray(F, codes, w + ROWS);
        FloatVector w1o = FloatVector.fromArray(F, codes, w + ROWS + HALF_ROWS);
        FloatVector w2e = FloatVector.fromArray(F, codes, w + 2 * ROWS);
        FloatVector w2o = FloatVector.fromArray(F, codes, w + 2 * ROWS + HALF_ROWS);
        FloatVector w3e = FloatVector.fromArray(F, codes, w + 3 * ROWS);
        FloatVector w3o = FloatVector.fromArray(F, codes, w + 3 * ROWS + HALF_ROWS);
        int s = bb * ROWS;
        FloatVector y0 = FloatVector.broadcast(F, ya[x]);
        FloatVector y1 = FloatVector.broadcast(F, ya[x + 1]);
        FloatVector y2 = FloatVector.broadcast(F, ya[x + 2]);
        FloatVector y3 = FloatVector.broadcast(F, ya[x + 3]);
        ae = w3e.fma(y3, w2e.fma(y2, w1e.fma(y1, w0e.mul(y0))))
            .fma(FloatVector.fromArray(F, ds, s), ae);
        ao = w3o.fma(y3, w2o.fma(y2, w1o.fma(y1, w0o.mul(y0))))
            .fma(FloatVector.fromArray(F, ds, s + HALF_ROWS), ao);
        s += dsStride;
        y0 = FloatVector.broadcast(F, yb[x]);
        y1 = FloatVector.broadcast(F, yb[x + 1]);
        y2 = FloatVector.broadcast(F, yb[x + 2]);
        y3 = FloatVector.broadcast(F, yb[x + 3]);
        be = w3e.fma(y3, w2e.fma(y2, w1e.fma(y1, w0e.mul(y0))))
            .fma(FloatVector.fromArray(F, ds, s), be);
        bo = w3o.fma(y3, w2o.fma(y2, w1o.fma(y1, w0o.mul(y0))))
            .fma(FloatVector.fromArray(F, ds, s + HALF_ROWS), bo);
        s += dsStride;
        y0 = FloatVector.broadcast(F, yc[x]);
        y1 = FloatVector.broadcast(F, yc[x + 1]);
        y2 = FloatVector.broadcast(F, yc[x + 2]);
        y3 = FloatVector.broadcast(F, yc[x + 3]);
        ce = w3e.fma(y3, w2e.fma(y2, w1e.fma(y1, w0e.mul(y0))))
            .fma(FloatVector.fromArray(F, ds, s), ce);
        co = w3o.fma(y3, w2o.fma(y2, w1o.fma(y1, w0o.mul(y0))))
            .fma(FloatVector.fromArray(F, ds, s + HALF_ROWS), co);
        s += dsStride;
        y0 = FloatVector.broadcast(F, yd[x]);
        y1 = FloatVector.broadcast(F, yd[x + 1]);
        y2 = FloatVector.broadcast(F, yd[x + 2]);
        y3 = FloatVector.broadcast(F, yd[x + 3]);
        de = w3e.fma(y3, w2e.fma(y2, w1e.fma(y1, w0e.mul(y0))))
            .fma(FloatVector.fromArray(F, ds, s), de);
        dO = w3o.fma(y3, w2o.fma(y2, w1o.fma(y1, w0o.mul(y0))))
            .fma(FloatVector.fromArray(F, ds, s + HALF_ROWS), dO);
      }
      // a token repeated past the last one has the same sums in each of its slots
      ae.intoArray(accs, a);
      ao.intoArray(accs, a + HALF_ROWS);
      be.intoArray(accs, b);
      bo.intoArray(accs, b + HALF_ROWS);
      ce.intoArray(accs, c);
      co.intoArray(accs, c + HALF_ROWS);
      de.intoArray(accs, d);
      dO.intoArray(accs, d + HALF_ROWS);
    }
  }
}
