package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.ShortLanes.I;
import static io.infer4j.runtime.internal.ggml.ShortLanes.S;
import static io.infer4j.runtime.internal.ggml.ShortLanes.bytes;
import static io.infer4j.runtime.internal.ggml.ShortLanes.pairs;
import static io.infer4j.runtime.internal.ggml.ShortLanes.products;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

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
 * <p>In 16-bit lanes: one product per lane (|u * y| <= 63 * 127), each int lane adding its two
 * shorts (<= 16002), times the signed scale in int lanes; |isum| <= 128 * 256 * (8001 + 32 * 127)
 * < 2^29. The decode path ({@link #dot}) reads the codes from the segment, the batch path ({@link
 * #dots}) unpacks a row once; both give the same floats. Stateless; {@link Scratch} per thread.
 */
final class Q6KInt8Rows {
  static final int SUPER_BLOCK = 256;
  static final int BLOCK_BYTES = 210;
  private static final int SUB_BLOCKS = 16;
  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private Q6KInt8Rows() {}

  /**
   * Per-thread buffers for rows of {@code n} columns: the scales and a row's codes unpacked
   * ({@link #dots} only).
   */
  record Scratch(int[] scales, float[] d, short[] codes) {
    static Scratch forColumns(int n) {
      return forColumns(n, true);
    }

    /** Without room for the codes unless {@code batch}: {@link #dot} does not need it. */
    static Scratch forColumns(int n, boolean batch) {
      int blocks = n / SUPER_BLOCK;
      return new Scratch(new int[blocks * SUB_BLOCKS], new float[blocks],
          batch ? new short[n] : null);
    }
  }

  /** {@code row . x} for the Q6_K row of {@code n} columns at byte {@code offset} of {@code w}. */
  static float dot(MemorySegment w, long offset, Q8KCodes x, int n, Scratch scratch) {
    float sum = 0f;
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      long block = offset + (long) i * BLOCK_BYTES;
      decodeScales(w, block, i, scratch);
      sum += term(scratch, i, unsignedSum(w, block, x.wide(), i, scratch.scales()), x);
    }
    return sum;
  }

  /** {@code out[t][row] = row . x[t]} for {@code t < count}, each equal bit for bit to {@link #dot}. */
  static void dots(MemorySegment w, long offset, Q8KCodes[] x, int count, int n, Scratch scratch,
      float[][] out, int row) {
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      long block = offset + (long) i * BLOCK_BYTES;
      decodeScales(w, block, i, scratch);
      unpack(w, block, i, scratch.codes());
    }
    for (int t = 0; t < count; t++) {
      float sum = 0f;
      for (int i = 0; i < n / SUPER_BLOCK; i++) {
        sum += term(scratch, i, unpackedSum(scratch.codes(), x[t].wide(), i, scratch.scales()),
            x[t]);
      }
      out[t][row] = sum;
    }
  }

  /** Super-block {@code i}'s share {@code dy * d * (usum - 32 * sum_j sc_j * sums16_j)}. */
  private static float term(Scratch scratch, int i, int usum, Q8KCodes x) {
    int[] scales = scratch.scales();
    int[] sums = x.sums16();
    int offset = 0;
    for (int j = i * SUB_BLOCKS; j < (i + 1) * SUB_BLOCKS; j++) {
      offset += scales[j] * sums[j];
    }
    return x.d()[i] * (scratch.d()[i] * (usum - 32 * offset));
  }

  /**
   * {@code sum_j sc_j * U_j} of super-block {@code i} at byte {@code block}, exact: each pair of
   * sub-blocks that shares its {@code ql} bytes summed in a method of its own, so that no vector
   * outlives a call (the JIT leaves calls out of line once a method's Vector API code passes its
   * inlining budget, and would then box every vector live across them).
   */
  private static int unsignedSum(MemorySegment w, long block, short[] y, int i, int[] scales) {
    int sum = 0;
    for (int h = 0; h < 2; h++) {
      for (int c = 0; c < 2; c++) { // codes l = 16c .. 16c + 15 of half h
        for (int second = 0; second < 2; second++) { // ql[l] (quarters 0, 2), ql[l + 32] (1, 3)
          int yi = i * SUPER_BLOCK + 128 * h + 32 * second + 16 * c;
          int s = i * SUB_BLOCKS + 8 * h + 2 * second + c;
          sum += quarters(w, block + 64 * h + 32 * second + 16 * c,
              block + 128 + 32 * h + 16 * c, 2 * second, y, yi, scales[s], scales[s + 4]);
        }
      }
    }
    return sum;
  }

  /**
   * Two sub-blocks of 16 codes from the 16 {@code ql} bytes at {@code ql} (low nibbles, then high
   * ones 64 codes later) and the {@code qh} bytes at {@code qh} (bits {@code shift, shift + 1},
   * then {@code shift + 4, shift + 5}), times {@code y}, times their scales.
   */
  private static int quarters(MemorySegment w, long ql, long qh, int shift, short[] y, int yi,
      int scaleLow, int scaleHigh) {
    ShortVector a = bytes(w, ql);
    ShortVector q = bytes(w, qh).lanewise(VectorOperators.LSHL, 4 - shift); // bits at 4, 5
    return scaled(a.and((short) 15).or(q.and((short) 48)), y, yi, scaleLow)
        .add(scaled(a.lanewise(VectorOperators.LSHR, 4)
            .or(q.lanewise(VectorOperators.LSHR, 4).and((short) 48)), y, yi + 64, scaleHigh))
        .reduceLanes(VectorOperators.ADD);
  }

  /** 16 codes times {@code y[at, +16)}, the int lanes times {@code scale}. */
  private static IntVector scaled(ShortVector codes, short[] y, int at, int scale) {
    return pairs(codes.mul(ShortVector.fromArray(S, y, at))).mul(scale);
  }

  /** Super-block {@code i}'s 256 unsigned codes (0..63) at {@code codes[256i ..]}, in order. */
  private static void unpack(MemorySegment w, long block, int i, short[] codes) {
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

  /** {@code sum_j sc_j * U_j} from codes {@link #unpack unpacked} to {@code codes}. */
  private static int unpackedSum(short[] codes, short[] y, int i, int[] scales) {
    IntVector sum = IntVector.zero(I);
    for (int j = 0; j < SUB_BLOCKS; j++) {
      int e = i * SUPER_BLOCK + 16 * j;
      sum = sum.add(pairs(products(codes, y, e)).mul(scales[i * SUB_BLOCKS + j]));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** Super-block {@code i}'s 16 signed scales and {@code d} into {@code scratch}. */
  private static void decodeScales(MemorySegment w, long block, int i, Scratch scratch) {
    int[] scales = scratch.scales();
    for (int j = 0; j < SUB_BLOCKS; j++) {
      scales[i * SUB_BLOCKS + j] = w.get(ValueLayout.JAVA_BYTE, block + 192 + j);
    }
    scratch.d()[i] = Float.float16ToFloat(w.get(HALF, block + 208));
  }
}
