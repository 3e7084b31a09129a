package io.infer4j.runtime.internal.ggml;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q4_K rows, read in place from the weights' segment, with activations quantized
 * to Q8_K ({@link Q8KQuantizer}): {@code KernelMode.VECTOR_INT8}'s Q4_K kernel. Not llama.cpp's
 * arithmetic bit for bit ({@link KDots#q4K} is): each super-block's integer sum is exact here too,
 * but the float steps that combine the super-blocks differ.
 *
 * <p>A Q4_K super-block (144 bytes; ggml-common.h {@code block_q4_K}) holds {@code d} and {@code
 * dmin} (fp16), 12 bytes of eight 6-bit scales and mins ({@code get_scale_min_k4}), and 128 bytes
 * of nibbles: byte {@code 32g + l} holds weight {@code 64g + l} in its low nibble and {@code 64g +
 * 32 + l} in its high one. Super-block {@code i} adds {@code dy[i] * (d * isum - dmin * msum)} to
 * the result, in float and in super-block order, where {@code isum = sum_j sc_j * S_j} ({@code
 * S_j} the integer dot product of sub-block {@code j}'s 32 codes, 0..15, with the activation
 * codes) and {@code msum = sum_j m_j * (sum of the sub-block's activation codes)}.
 *
 * <p>{@code isum} is computed exactly in int lanes: 16 nibble bytes at a time zero-extended to
 * 16-bit lanes, split into low and high nibbles, multiplied with the activation codes in 16-bit
 * lanes (|product| <= 15 * 127, two per lane after one add), each int lane adding its two shorts,
 * each sub-block's 8 lanes times its scale (|isum| <= 63 * 256 * 1905 < 2^25); the lanes are
 * added last, in any order (integers). As no float vector spans super-blocks, the decode path
 * ({@link #dot}: codes read from the segment) and the batch path ({@link #dots}: codes unpacked
 * once per row, then multiplied for each token) give the same floats, and no vector outlives a
 * call the JIT might not inline (which would box it). Needs 256-bit vectors ({@link
 * VectorChoice}). Stateless; {@link Scratch} is per thread.
 */
final class Q4KInt8Rows {
  static final int SUPER_BLOCK = 256;
  static final int BLOCK_BYTES = 144;
  private static final int SUB_BLOCKS = 8;
  private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong SCALES_0_7 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt SCALES_8_11 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private Q4KInt8Rows() {}

  /**
   * One token's activations quantized to Q8_K: the codes as shorts ({@code n}), each super-block's
   * scale {@code d} ({@code n / 256}) and the sums of each 32 codes ({@code n / 32}: ggml's {@code
   * bsums} in pairs, what the mins multiply).
   */
  record Activations(short[] wide, float[] d, int[] sums) {
    static Activations quantize(float[] x, int n) {
      byte[] qs = new byte[n];
      float[] d = new float[n / SUPER_BLOCK];
      int[] bsums = new int[n / Q8KQuantizer.BSUM];
      Q8KQuantizer.quantize(x, n, qs, d, bsums);
      short[] wide = new short[n];
      for (int i = 0; i < n; i++) {
        wide[i] = qs[i];
      }
      int[] sums = new int[n / 32];
      for (int j = 0; j < sums.length; j++) {
        sums[j] = bsums[2 * j] + bsums[2 * j + 1];
      }
      return new Activations(wide, d, sums);
    }
  }

  /**
   * Per-thread buffers for rows of {@code n} columns: the sub-block scales and mins, each
   * super-block's {@code d} and {@code dmin}, and a row's codes unpacked (for batches).
   */
  record Scratch(int[] scales, int[] mins, float[] d, float[] dmin, short[] codes) {
    static Scratch forColumns(int n) {
      int blocks = n / SUPER_BLOCK;
      return new Scratch(new int[blocks * SUB_BLOCKS], new int[blocks * SUB_BLOCKS],
          new float[blocks], new float[blocks], new short[n]);
    }
  }

  /**
   * {@code row . x} for the Q4_K row of {@code n} columns ({@code n % 256 == 0}) at byte {@code
   * offset} of {@code w}. Each super-block's scales are decoded just before its codes are read, so
   * the row streams from memory once.
   */
  static float dot(MemorySegment w, long offset, Activations x, int n, Scratch scratch) {
    float sum = 0f;
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      long block = offset + (long) i * BLOCK_BYTES;
      decodeScales(w, block, i, scratch);
      sum += term(scratch, i, superBlock(w, block, x.wide(), i, scratch.scales()), x);
    }
    return sum;
  }

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count}, each equal bit for bit to {@link
   * #dot} (both sum each super-block exactly in int): the row's scales are decoded and its codes
   * unpacked to {@code scratch.codes()} once, then each token multiplies them from cache.
   */
  static void dots(MemorySegment w, long offset, Activations[] x, int count, int n,
      Scratch scratch, float[][] out, int row) {
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      long block = offset + (long) i * BLOCK_BYTES;
      decodeScales(w, block, i, scratch);
      unpack(w, block, i, scratch.codes());
    }
    for (int t = 0; t < count; t++) {
      float sum = 0f;
      for (int i = 0; i < n / SUPER_BLOCK; i++) {
        sum += term(scratch, i, unpackedSuperBlock(scratch.codes(), x[t].wide(), i,
            scratch.scales()), x[t]);
      }
      out[t][row] = sum;
    }
  }

  /**
   * Super-block {@code i}'s share: {@code dy * (d * isum - dmin * sum_j m_j * (bsum_2j +
   * bsum_2j+1))}, in float, given the exact {@code isum = sum_j sc_j * S_j}.
   */
  private static float term(Scratch scratch, int i, int isum, Activations x) {
    int[] mins = scratch.mins();
    int[] sums = x.sums();
    int msum = 0;
    for (int j = i * SUB_BLOCKS; j < (i + 1) * SUB_BLOCKS; j++) {
      msum += mins[j] * sums[j];
    }
    return x.d()[i] * (scratch.d()[i] * isum - scratch.dmin()[i] * msum);
  }

  /**
   * The exact {@code sum_j sc_j * S_j} of super-block {@code i} (at byte {@code block}): 8 int
   * lanes, added up at the end (integer sums: any order gives the same). No vector outlives this
   * method, so none is boxed whatever the JIT inlines.
   */
  private static int superBlock(MemorySegment w, long block, short[] y, int i, int[] scales) {
    int s = i * SUB_BLOCKS;
    IntVector sum = IntVector.zero(I);
    for (int g = 0; g < 4; g++) {
      long at = block + 16 + 32 * g;
      ShortVector c0 = codes(w, at);
      ShortVector c1 = codes(w, at + 16);
      int yg = i * SUPER_BLOCK + 64 * g;
      ShortVector low = c0.and((short) 15).mul(ShortVector.fromArray(S, y, yg))
          .add(c1.and((short) 15).mul(ShortVector.fromArray(S, y, yg + 16)));
      ShortVector high = c0.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(S, y, yg + 32))
          .add(c1.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(S, y, yg + 48)));
      sum = sum.add(pairs(low).mul(scales[s + 2 * g])).add(pairs(high).mul(scales[s + 2 * g + 1]));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** Super-block {@code i}'s 256 codes (0..15) at {@code codes[256i ..]}, in weight order. */
  private static void unpack(MemorySegment w, long block, int i, short[] codes) {
    for (int g = 0; g < 4; g++) {
      long at = block + 16 + 32 * g;
      ShortVector c0 = codes(w, at);
      ShortVector c1 = codes(w, at + 16);
      int e = i * SUPER_BLOCK + 64 * g;
      c0.and((short) 15).intoArray(codes, e);
      c1.and((short) 15).intoArray(codes, e + 16);
      c0.lanewise(VectorOperators.LSHR, 4).intoArray(codes, e + 32);
      c1.lanewise(VectorOperators.LSHR, 4).intoArray(codes, e + 48);
    }
  }

  /** {@link #superBlock} from codes {@link #unpack unpacked} to {@code codes}. */
  private static int unpackedSuperBlock(short[] codes, short[] y, int i, int[] scales) {
    int s = i * SUB_BLOCKS;
    IntVector sum = IntVector.zero(I);
    for (int j = 0; j < SUB_BLOCKS; j++) {
      int e = i * SUPER_BLOCK + 32 * j;
      ShortVector products = ShortVector.fromArray(S, codes, e).mul(ShortVector.fromArray(S, y, e))
          .add(ShortVector.fromArray(S, codes, e + 16).mul(ShortVector.fromArray(S, y, e + 16)));
      sum = sum.add(pairs(products).mul(scales[s + j]));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** 16 nibble bytes at {@code at}, zero-extended to 16-bit lanes. */
  private static ShortVector codes(MemorySegment w, long at) {
    return (ShortVector) ByteVector.fromMemorySegment(B16, w, at, ByteOrder.LITTLE_ENDIAN)
        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S, 0);
  }

  /**
   * Each int lane's two shorts added: {@code ((v << 16) + v) >> 16} leaves the sum of the two
   * halves in the upper one (exact while |sum| < 2^15: here at most 4 * 1905).
   */
  private static IntVector pairs(ShortVector products) {
    IntVector v = products.reinterpretAsInts();
    return v.lanewise(VectorOperators.LSHL, 16).add(v).lanewise(VectorOperators.ASHR, 16);
  }

  /**
   * Super-block {@code i}'s (at byte {@code block}) sub-block scales and mins ({@code
   * get_scale_min_k4}) into {@code scratch.scales()} and {@code scratch.mins()} at {@code 8i ..
   * 8i + 8}, its {@code d} and {@code dmin} into {@code scratch.d()[i]} and {@code
   * scratch.dmin()[i]}.
   */
  private static void decodeScales(MemorySegment w, long block, int i, Scratch scratch) {
    int[] scales = scratch.scales();
    int[] mins = scratch.mins();
    long low = w.get(SCALES_0_7, block + 4); // scales[0..7]
    int high = w.get(SCALES_8_11, block + 12); // scales[8..11]
    for (int j = 0; j < 4; j++) { // sub-blocks j and j + 4
      int sc = (int) (low >>> (8 * j)) & 0xFF;
      int m = (int) (low >>> (8 * j + 32)) & 0xFF;
      int upper = (high >>> (8 * j)) & 0xFF;
      scales[i * SUB_BLOCKS + j] = sc & 63;
      mins[i * SUB_BLOCKS + j] = m & 63;
      scales[i * SUB_BLOCKS + j + 4] = (upper & 15) | (sc >>> 6) << 4;
      mins[i * SUB_BLOCKS + j + 4] = (upper >>> 4) | (m >>> 6) << 4;
    }
    scratch.d()[i] = Float.float16ToFloat(w.get(HALF, block));
    scratch.dmin()[i] = Float.float16ToFloat(w.get(HALF, block + 2));
  }
}
