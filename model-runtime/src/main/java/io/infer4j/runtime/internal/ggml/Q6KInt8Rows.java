package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.ShortLanes.I;
import static io.infer4j.runtime.internal.ggml.ShortLanes.bytes;
import static io.infer4j.runtime.internal.ggml.ShortLanes.pairs;
import static io.infer4j.runtime.internal.ggml.ShortLanes.products;

import io.infer4j.runtime.internal.kernels.LaneSums;
import io.infer4j.runtime.internal.tensor.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q6_K rows, read in place from the weights' segment, with activations quantized
 * to Q8_K ({@link Q8KCodes}): {@code KernelMode.VECTOR_INT8}'s kernel for them (Q4_K_M files hold
 * their output matrix and some others in Q6_K). The integer products are exact, as in llama.cpp's
 * {@code ggml_vec_dot_q6_K_q8_K}; the float steps that combine them differ.
 *
 * <p>A Q6_K super-block (210 bytes; ggml-common.h {@code block_q6_K}) holds 128 bytes {@code ql}
 * (low 4 bits), 64 bytes {@code qh} (high 2 bits), 16 int8 scales (one per 16 codes) and {@code
 * d} (fp16). In half {@code h} (128 codes; {@code ql + 64h}, {@code qh + 32h}) code {@code l}
 * (0..31) is {@code ql[l] & 15 | (qh[l] & 3) << 4}, code {@code l + 32} {@code ql[l + 32] & 15 |
 * (qh[l] >> 2 & 3) << 4}, code {@code l + 64} {@code ql[l] >> 4 | (qh[l] >> 4 & 3) << 4}, code
 * {@code l + 96} {@code ql[l + 32] >> 4 | (qh[l] >> 6) << 4}, each minus 32. Super-block {@code i}
 * adds {@code dy[i] * d * isum}, {@code isum = sum_j sc_j * S_j} with {@code S_j} the dot product
 * of sub-block {@code j}'s signed codes (-32..31) with the activation codes.
 *
 * <p>A row's codes are unpacked once ({@link #dots}), signed, then multiplied for each token.
 * As in {@link K4Int8Rows}: each super-block gives an exact vector of 8 int lanes, lane {@code k}
 * holding {@code sum_j sc_j * (q y)} over codes {@code 2k, 2k + 1} of every sub-block {@code j}
 * (products in 16-bit lanes, |q y| <= 32 * 128, each int lane adding its two shorts, times the
 * signed scale: |lane| <= 16 * 2 * 4096 * 128 = 2^24, so it converts to float exactly), which
 * joins a float accumulator of 8 lanes, {@code acc = isum * (dy d) + acc} (fused), super-block
 * after super-block; the row's result is that accumulator's lane sum, the tree of {@link
 * LaneSums#sum256} written out with its constant rotations (called, it stayed out of line here).
 * Where 512-bit vectors are native ({@link WideLanes#NATIVE}) two sub-blocks are one vector of 32
 * shorts, int lanes 0-7 times the first one's scale and 8-15 times the second's, and the 16 int
 * lanes fold to 8 ({@link WideLanes#fold}): the same integers in the same lanes, so both shapes
 * give the same floats bit for bit, and a batch gives each token its single-token result.
 * Stateless; {@link Scratch} per thread.
 */
final class Q6KInt8Rows {
  private static final int SUPER_BLOCK = Q8KQuantizer.BLOCK; // QK_K
  private static final long BLOCK_BYTES = GgmlType.Q6_K.blockBytes();
  private static final int SUB_BLOCKS = 16;
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  private static final ValueLayout.OfLong SCALES =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** Int lanes 8-15 of a 512-bit vector: the second sub-block of 32 products. */
  private static final VectorMask<Integer> SECOND =
      VectorMask.fromLong(WideLanes.I, 0xFF00L);

  private Q6KInt8Rows() {}

  /**
   * Per-thread buffers for rows of {@code n} columns: each super-block's 16 scales (two longs,
   * scale {@code j} in byte {@code j % 8} of long {@code j / 8}), its {@code d}, and the row's
   * signed codes unpacked.
   */
  record Scratch(long[] scales, float[] d, short[] codes) {
    static Scratch forColumns(int n) {
      int blocks = n / SUPER_BLOCK;
      return new Scratch(new long[2 * blocks], new float[blocks], new short[n]);
    }
  }

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count} and the Q6_K row of {@code n} columns
   * at byte {@code offset} of {@code w}: the row's scales and {@code d} read and its codes
   * unpacked once, then multiplied for each token, one token too (decode steps: reading the codes
   * in place, one method per row as {@link K4Int8Rows} does, measured 0.79-0.97x of this in three
   * alternating pairs, 2026-12-05).
   */
  static void dots(MemorySegment w, long offset, Q8KCodes[] x, int count, int n, Scratch scratch,
      float[][] out, int row) {
    int blocks = n / SUPER_BLOCK;
    for (int i = 0; i < blocks; i++) {
      long block = offset + i * BLOCK_BYTES;
      scratch.scales()[2 * i] = w.get(SCALES, block + 192);
      scratch.scales()[2 * i + 1] = w.get(SCALES, block + 200);
      scratch.d()[i] = Float.float16ToFloat(w.get(HALF, block + 208));
      if (WideLanes.NATIVE) {
        unpackWide(w, block, i, scratch.codes());
      } else {
        unpack(w, block, i, scratch.codes());
      }
    }
    for (int t = 0; t < count; t++) {
      out[t][row] = WideLanes.NATIVE ? unpackedDotWide(scratch, x[t], n)
          : unpackedDot(scratch, x[t], n);
    }
  }

  /**
   * A row's result from its codes {@link #unpack unpacked} to {@code scratch}, in 256-bit lanes.
   * A method of its own that takes and returns no vector, so that, should the JIT leave it out of
   * line in {@link #dots}, nothing is boxed (as {@code K4Int8Rows.unpackedDot}).
   */
  static float unpackedDot(Scratch scratch, Q8KCodes x, int n) {
    short[] codes = scratch.codes();
    long[] scales = scratch.scales();
    short[] y = x.wide();
    FloatVector acc = FloatVector.zero(F8);
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      IntVector sum = IntVector.zero(I);
      for (int j = 0; j < SUB_BLOCKS; j++) {
        sum = sum.add(pairs(products(codes, y, i * SUPER_BLOCK + 16 * j))
            .mul(scale(scales[2 * i + j / 8], j % 8)));
      }
      acc = ((FloatVector) sum.convert(VectorOperators.I2F, 0))
          .fma(FloatVector.broadcast(F8, x.d()[i] * scratch.d()[i]), acc);
    }
    acc = acc.add(acc.rearrange(LaneSums.ROTATE_8_BY_4));
    acc = acc.add(acc.rearrange(LaneSums.ROTATE_8_BY_2));
    return acc.add(acc.rearrange(LaneSums.ROTATE_8_BY_1)).lane(0);
  }

  /**
   * {@link #unpackedDot} in 512-bit lanes: two sub-blocks a vector, int lanes 0-7 times the first
   * one's scale and 8-15 times the second's, the 16 lanes folded to 8 ({@link WideLanes#fold}):
   * the same floats.
   */
  static float unpackedDotWide(Scratch scratch, Q8KCodes x, int n) {
    short[] codes = scratch.codes();
    long[] scales = scratch.scales();
    short[] y = x.wide();
    FloatVector acc = FloatVector.zero(F8);
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      IntVector sum = IntVector.zero(WideLanes.I);
      for (int p = 0; p < SUB_BLOCKS / 2; p++) {
        long sc = scales[2 * i + p / 4];
        IntVector pair = IntVector.broadcast(WideLanes.I, scale(sc, 2 * (p % 4)))
            .blend(scale(sc, 2 * (p % 4) + 1), SECOND);
        int e = i * SUPER_BLOCK + 32 * p;
        sum = sum.add(WideLanes.pairs(WideLanes.products(
            ShortVector.fromArray(WideLanes.S, codes, e), y, e)).mul(pair));
      }
      acc = ((FloatVector) WideLanes.fold(sum).convert(VectorOperators.I2F, 0))
          .fma(FloatVector.broadcast(F8, x.d()[i] * scratch.d()[i]), acc);
    }
    acc = acc.add(acc.rearrange(LaneSums.ROTATE_8_BY_4));
    acc = acc.add(acc.rearrange(LaneSums.ROTATE_8_BY_2));
    return acc.add(acc.rearrange(LaneSums.ROTATE_8_BY_1)).lane(0);
  }

  /** Signed byte {@code j} of {@code packed}: a sub-block scale. */
  private static int scale(long packed, int j) {
    return (byte) (packed >>> (8 * j));
  }

  /** Super-block {@code i}'s 256 signed codes (-32..31) at {@code codes[256i ..]}, in order. */
  static void unpack(MemorySegment w, long block, int i, short[] codes) {
    for (int h = 0; h < 2; h++) {
      for (int c = 0; c < 2; c++) {
        ShortVector a = bytes(w, block + 64 * h + 16 * c);
        ShortVector b = bytes(w, block + 64 * h + 32 + 16 * c);
        ShortVector q = bytes(w, block + 128 + 32 * h + 16 * c).lanewise(VectorOperators.LSHL, 4);
        int e = i * SUPER_BLOCK + 128 * h + 16 * c;
        a.and((short) 15).or(q.and((short) 48)).sub((short) 32).intoArray(codes, e);
        b.and((short) 15).or(q.lanewise(VectorOperators.LSHR, 2).and((short) 48)).sub((short) 32)
            .intoArray(codes, e + 32);
        a.lanewise(VectorOperators.LSHR, 4).or(q.lanewise(VectorOperators.LSHR, 4).and((short) 48))
            .sub((short) 32).intoArray(codes, e + 64);
        b.lanewise(VectorOperators.LSHR, 4).or(q.lanewise(VectorOperators.LSHR, 6).and((short) 48))
            .sub((short) 32).intoArray(codes, e + 96);
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
      a.and((short) 15).or(q.and((short) 48)).sub((short) 32).intoArray(codes, e);
      b.and((short) 15).or(q.lanewise(VectorOperators.LSHR, 2).and((short) 48)).sub((short) 32)
          .intoArray(codes, e + 32);
      a.lanewise(VectorOperators.LSHR, 4).or(q.lanewise(VectorOperators.LSHR, 4).and((short) 48))
          .sub((short) 32).intoArray(codes, e + 64);
      b.lanewise(VectorOperators.LSHR, 4).or(q.lanewise(VectorOperators.LSHR, 6).and((short) 48))
          .sub((short) 32).intoArray(codes, e + 96);
    }
  }
}
