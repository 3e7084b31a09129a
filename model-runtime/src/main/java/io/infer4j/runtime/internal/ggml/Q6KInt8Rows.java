package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.ShortLanes.I;
import static io.infer4j.runtime.internal.ggml.ShortLanes.bytes;
import static io.infer4j.runtime.internal.ggml.ShortLanes.pairs;
import static io.infer4j.runtime.internal.ggml.ShortLanes.products;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;

/**
 * Dot products of Q6_K rows, read in place from the weights' segment, with activations quantized
 * to Q8_K ({@link Q8KCodes}): {@code KernelMode.VECTOR_INT8}'s kernel for them (Q4_K_M files hold
 * their output matrix and some others in Q6_K). Each super-block's integer sum is exact, as in
 * llama.cpp's {@code ggml_vec_dot_q6_K_q8_K}; the float steps between super-blocks differ.
 *
 * <p>A Q6_K super-block (210 bytes; ggml-common.h {@code block_q6_K}) holds 128 bytes {@code ql}
 * (low 4 bits), 64 bytes {@code qh} (high 2 bits), 16 int8 scales (one per 16 codes) and {@code
 * d} (fp16). In half {@code h} (128 codes; {@code ql + 64h}, {@code qh + 32h}) code {@code l}
 * (0..31) is {@code ql[l] & 15 | (qh[l] & 3) << 4}, code {@code l + 32} {@code ql[l + 32] & 15 |
 * (qh[l] >> 2 & 3) << 4}, code {@code l + 64} {@code ql[l] >> 4 | (qh[l] >> 4 & 3) << 4}, code
 * {@code l + 96} {@code ql[l + 32] >> 4 | (qh[l] >> 6) << 4}, each minus 32. Super-block {@code i}
 * adds {@code dy[i] * d * isum}, {@code isum = sum_j sc_j * (U_j - 32 * sums16_j)} with {@code
 * U_j} the dot product of sub-block {@code j}'s unsigned codes (0..63) with the activation codes
 * (the offset taken out through the activations' sums, as llama.cpp's AVX2 kernel does).
 *
 * <p>A row's codes are unpacked once ({@link #dots}), then multiplied in 16-bit lanes for each
 * token: one product per lane (|u * y| <= 63 * 127), each int lane adding its two shorts (<=
 * 16002), times the signed scale in int lanes; |isum| <= 128 * 256 * (8001 + 32 * 127) < 2^29.
 * Stateless; {@link Scratch} per thread.
 */
final class Q6KInt8Rows {
  private static final int SUPER_BLOCK = Q8KQuantizer.BLOCK; // QK_K
  private static final long BLOCK_BYTES = GgmlType.Q6_K.blockBytes();
  private static final int SUB_BLOCKS = 16;
  private static final ValueLayout.OfLong SCALES =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** For {@link #unpackedSumWide}: int lanes 8-15, the second sub-block of 32 products. */
  private static final VectorMask<Integer> SECOND =
      VectorMask.fromLong(WideLanes.I, 0xFF00L);

  private Q6KInt8Rows() {}

  /**
   * Per-thread buffers for rows of {@code n} columns: the scales, each super-block's {@code d} and
   * exact {@code usum}, and a row's codes unpacked.
   */
  record Scratch(int[] scales, float[] d, int[] usums, short[] codes) {
    static Scratch forColumns(int n) {
      int blocks = n / SUPER_BLOCK;
      return new Scratch(new int[blocks * SUB_BLOCKS], new float[blocks], new int[blocks],
          new short[n]);
    }
  }

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the Q6_K row of {@code n} columns
   * at byte {@code offset} of {@code w}: the row's scales decoded and its codes unpacked once, then
   * multiplied for each token (for one token too: reading the codes straight from the segment
   * measured no faster here, unlike Q4_K's).
   */
  static void dots(MemorySegment w, long offset, Q8KCodes[] x, int count, int n, Scratch scratch,
      float[][] out, int row) {
    int blocks = n / SUPER_BLOCK;
    for (int i = 0; i < blocks; i++) {
      long block = offset + i * BLOCK_BYTES;
      decodeScales(w, block, i, scratch);
      if (WideLanes.NATIVE) {
        unpackWide(w, block, i, scratch.codes());
      } else {
        unpack(w, block, i, scratch.codes());
      }
    }
    int[] usums = scratch.usums();
    for (int t = 0; t < count; t++) {
      for (int i = 0; i < blocks; i++) {
        usums[i] = WideLanes.NATIVE
            ? unpackedSumWide(scratch.codes(), x[t].wide(), i, scratch.scales())
            : unpackedSum(scratch.codes(), x[t].wide(), i, scratch.scales());
      }
      out[t][row] = rowSum(scratch, x[t], blocks);
    }
  }

  /**
   * The row's result from its super-blocks' exact sums: {@code sum_i dy_i * d_i * (usum_i - 32 *
   * sum_j sc_j * sums16_j)}, in float and in super-block order; once per row, out of the loop over
   * codes, where the JIT may leave a call out of line (as it did {@link K4Int8Rows}'s).
   */
  private static float rowSum(Scratch scratch, Q8KCodes x, int blocks) {
    int[] scales = scratch.scales();
    int[] sums = x.sums16();
    int[] usums = scratch.usums();
    float sum = 0f;
    for (int i = 0; i < blocks; i++) {
      int offset = 0;
      for (int j = i * SUB_BLOCKS; j < (i + 1) * SUB_BLOCKS; j++) {
        offset += scales[j] * sums[j];
      }
      sum += x.d()[i] * (scratch.d()[i] * (usums[i] - 32 * offset));
    }
    return sum;
  }

  /** Super-block {@code i}'s 256 unsigned codes (0..63) at {@code codes[256i ..]}, in order. */
  static void unpack(MemorySegment w, long block, int i, short[] codes) {
    for (int h = 0; h < 2; h++) {
      for (int c = 0; c < 2; c++) {
        ShortVector a = bytes(w, block + 64 * h + 16 * c);
        ShortVector b = bytes(w, block + 64 * h + 32 + 16 * c);
        ShortVector q = bytes(w, block + 128 + 32 * h + 16 * c).lanewise(VectorOperators.LSHL, 4);
        int e = i * SUPER_BLOCK + 128 * h + 16 * c;
        a.and((short) 15).or(q.and((short) 48)).intoArray(codes, e);
        b.and((short) 15).or(q.lanewise(VectorOperators.LSHR, 2).and((short) 48))
            .intoArray(codes, e + 32);
        a.lanewise(VectorOperators.LSHR, 4).or(q.lanewise(VectorOperators.LSHR, 4).and((short) 48))
            .intoArray(codes, e + 64);
        b.lanewise(VectorOperators.LSHR, 4).or(q.lanewise(VectorOperators.LSHR, 6).and((short) 48))
            .intoArray(codes, e + 96);
      }
    }
  }

  /**
   * {@link #unpack} in 512-bit lanes, where they are native ({@link WideLanes#NATIVE}): each half's
   * 32 bytes of low bits, the next 32 and its 32 bytes of high bits in one vector each.
   */
  static void unpackWide(MemorySegment w, long block, int i, short[] codes) {
    for (int h = 0; h < 2; h++) {
      ShortVector a = WideLanes.bytes(w, block + 64 * h);
      ShortVector b = WideLanes.bytes(w, block + 64 * h + 32);
      ShortVector q = WideLanes.bytes(w, block + 128 + 32 * h).lanewise(VectorOperators.LSHL, 4);
      int e = i * SUPER_BLOCK + 128 * h;
      a.and((short) 15).or(q.and((short) 48)).intoArray(codes, e);
      b.and((short) 15).or(q.lanewise(VectorOperators.LSHR, 2).and((short) 48))
          .intoArray(codes, e + 32);
      a.lanewise(VectorOperators.LSHR, 4).or(q.lanewise(VectorOperators.LSHR, 4).and((short) 48))
          .intoArray(codes, e + 64);
      b.lanewise(VectorOperators.LSHR, 4).or(q.lanewise(VectorOperators.LSHR, 6).and((short) 48))
          .intoArray(codes, e + 96);
    }
  }

  /**
   * {@link #unpackedSum} in 512-bit lanes: two sub-blocks (32 products) a pass, int lanes 0-7
   * times the first one's scale and 8-15 times the second's ({@link #SECOND}). The same integer.
   * The two scales are blended from broadcasts: spreading a vector of all 16 with a {@code
   * rearrange} by shuffles read from an array ran no faster than the 256-bit form (three
   * alternating pairs, 2026-12-05), this 1.10-1.20x faster.
   */
  static int unpackedSumWide(short[] codes, short[] y, int i, int[] scales) {
    IntVector sum = IntVector.zero(WideLanes.I);
    for (int k = 0; k < SUB_BLOCKS / 2; k++) {
      int e = i * SUPER_BLOCK + 32 * k;
      int s = i * SUB_BLOCKS + 2 * k;
      IntVector scale = IntVector.broadcast(WideLanes.I, scales[s]).blend(scales[s + 1], SECOND);
      ShortVector c = ShortVector.fromArray(WideLanes.S, codes, e);
      sum = sum.add(WideLanes.pairs(WideLanes.products(c, y, e)).mul(scale));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** {@code sum_j sc_j * U_j} from codes {@link #unpack unpacked} to {@code codes}. */
  static int unpackedSum(short[] codes, short[] y, int i, int[] scales) {
    IntVector sum = IntVector.zero(I);
    for (int j = 0; j < SUB_BLOCKS; j++) {
      int e = i * SUPER_BLOCK + 16 * j;
      sum = sum.add(pairs(products(codes, y, e)).mul(scales[i * SUB_BLOCKS + j]));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /**
   * Super-block {@code i}'s 16 signed scales and {@code d} into {@code scratch}: the scales as two
   * little-endian longs, one bounds check each (read byte by byte, they held 37% of a Q6_K decode
   * profile's samples on the AVX-512 host).
   */
  static void decodeScales(MemorySegment w, long block, int i, Scratch scratch) {
    int[] scales = scratch.scales();
    long low = w.get(SCALES, block + 192);
    long high = w.get(SCALES, block + 200);
    for (int j = 0; j < 8; j++) {
      scales[i * SUB_BLOCKS + j] = (byte) (low >>> (8 * j));
      scales[i * SUB_BLOCKS + 8 + j] = (byte) (high >>> (8 * j));
    }
    scratch.d()[i] = Fp16.read(w, block + 208);
  }
}
