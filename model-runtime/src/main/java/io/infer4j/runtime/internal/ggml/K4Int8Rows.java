package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.ShortLanes.I;
import static io.infer4j.runtime.internal.ggml.ShortLanes.S;
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

/**
 * Dot products of Q4_K and Q5_K rows, read in place from the weights' segment, with activations
 * quantized to Q8_K ({@link Q8KCodes}): {@code KernelMode.VECTOR_INT8}'s kernel for them. Not
 * llama.cpp's arithmetic bit for bit ({@link KDots} is): each super-block's integer sum is exact
 * here too, but the float steps that combine the super-blocks differ.
 *
 * <p>A Q4_K super-block (144 bytes; ggml-common.h {@code block_q4_K}) holds {@code d} and {@code
 * dmin} (fp16), 12 bytes of eight 6-bit scales and mins ({@code get_scale_min_k4}), and 128 bytes
 * of nibbles: byte {@code 32g + l} holds code {@code 64g + l} in its low nibble and {@code 64g + 32
 * + l} in its high one. Q5_K (176 bytes) puts 32 bytes {@code qh} before the nibbles: bit {@code
 * 2g} of {@code qh[l]} is the fifth bit of code {@code 64g + l}, bit {@code 2g + 1} that of code
 * {@code 64g + 32 + l}. Super-block {@code i} adds {@code dy[i] * (d * isum - dmin * msum)} to the
 * result, in float and in super-block order, where {@code isum = sum_j sc_j * S_j} ({@code S_j} the
 * integer dot product of sub-block {@code j}'s 32 codes with the activation codes) and {@code msum
 * = sum_j m_j * (sum of the sub-block's activation codes)}.
 *
 * <p>{@code isum} is computed exactly in int lanes: 16 code bytes at a time zero-extended to 16-bit
 * lanes, split into low and high nibbles (plus the fifth bits), multiplied with the activation
 * codes in 16-bit lanes (|product| <= 31 * 127, two per lane after one add), each int lane adding
 * its two shorts ({@link ShortLanes#pairs}: at most 4 * 3937), each sub-block's 8 lanes times its
 * scale (Q5_K: its lane sum times the scale; |isum| <= 63 * 256 * 3937 < 2^26); integers, so the
 * order of the additions does not matter. Where 512-bit vectors are native ({@link
 * WideLanes#NATIVE}) the decode path takes 32 code bytes at a time instead ({@link #q4SumWide},
 * {@link #q5SumWide}: one product per short, a whole super-block's sum in one call); the batch
 * path stays in 256-bit lanes (the same integers either way). As
 * no float vector spans super-blocks, the decode path ({@link #dot}: codes read from the segment)
 * and the batch path ({@link #dots}: a row's codes unpacked once, then multiplied for each token)
 * give the same floats, and no vector outlives a call the JIT might not inline (which would box
 * it). Stateless; {@link Scratch} is per thread.
 */
final class K4Int8Rows {
  private static final int SUPER_BLOCK = Q8KQuantizer.BLOCK; // QK_K
  private static final int SUB_BLOCKS = 8;
  private static final ValueLayout.OfLong SCALES_0_7 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt SCALES_8_11 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private K4Int8Rows() {}

  /** Whether this kernel takes rows of {@code type}. */
  static boolean handles(GgmlType type) {
    return type == GgmlType.Q4_K || type == GgmlType.Q5_K;
  }

  /**
   * Per-thread buffers for rows of {@code n} columns: the sub-block scales and mins, each
   * super-block's {@code d}, {@code dmin} and exact {@code isum}, and a row's codes unpacked
   * ({@link #dots} only).
   */
  record Scratch(int[] scales, int[] mins, float[] d, float[] dmin, int[] isums, short[] codes) {
    static Scratch forColumns(int n) {
      return forColumns(n, true);
    }

    /** Without room for the codes unless {@code batch}: {@link #dot} does not need it. */
    static Scratch forColumns(int n, boolean batch) {
      int blocks = n / SUPER_BLOCK;
      return new Scratch(new int[blocks * SUB_BLOCKS], new int[blocks * SUB_BLOCKS],
          new float[blocks], new float[blocks], new int[blocks], batch ? new short[n] : null);
    }
  }

  /**
   * {@code row . x} for the {@code type} row of {@code n} columns ({@code n % 256 == 0}) at byte
   * {@code offset} of {@code w}. Each super-block's scales are decoded just before its codes are
   * read, so the row streams from memory once; the float steps follow once per row ({@link
   * #rowSum}).
   */
  static float dot(GgmlType type, MemorySegment w, long offset, Q8KCodes x, int n,
      Scratch scratch) {
    boolean fifth = type == GgmlType.Q5_K;
    long blockBytes = type.blockBytes();
    int[] isums = scratch.isums();
    int[] scales = scratch.scales();
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      long block = offset + i * blockBytes;
      decodeScales(w, block, i, scratch);
      if (WideLanes.NATIVE) {
        isums[i] = fifth ? q5SumWide(w, block, x.wide(), i, scales)
            : q4SumWide(w, block, x.wide(), i, scales);
      } else {
        isums[i] = fifth ? q5Sum(w, block, x.wide(), i, scales)
            : q4Sum(w, block, x.wide(), i, scales);
      }
    }
    return rowSum(scratch, x, n / SUPER_BLOCK);
  }

  /**
   * {@code out[t][row] = row . x[t]} for {@code t < count}, each equal bit for bit to {@link
   * #dot}: the row's scales are decoded and its codes unpacked to {@code scratch.codes()} once,
   * then each token multiplies them from cache.
   */
  static void dots(GgmlType type, MemorySegment w, long offset, Q8KCodes[] x, int count, int n,
      Scratch scratch, float[][] out, int row) {
    boolean fifth = type == GgmlType.Q5_K;
    long blockBytes = type.blockBytes();
    int blocks = n / SUPER_BLOCK;
    for (int i = 0; i < blocks; i++) {
      long block = offset + i * blockBytes;
      decodeScales(w, block, i, scratch);
      unpack(w, block, fifth, i, scratch.codes());
    }
    int[] isums = scratch.isums();
    for (int t = 0; t < count; t++) {
      for (int i = 0; i < blocks; i++) {
        isums[i] = unpackedSum(scratch.codes(), x[t].wide(), i, scratch.scales());
      }
      out[t][row] = rowSum(scratch, x[t], blocks);
    }
  }

  /**
   * The row's result from its super-blocks' exact {@code isum}s: {@code sum_i dy_i * (d_i * isum_i
   * - dmin_i * msum_i)}, in float and in super-block order. Once per row, out of the loops over
   * codes: called once per super-block from there, the JIT left it out of line in Q5_K rows (its
   * inlining budget spent on the vector code: {@code NodeCountInliningCutoff} in {@code
   * PrintInlining}), and Q5_K decoded 1.07-1.18x faster once it moved here (three alternating
   * pairs, TinyLlama-shaped file, 2026-12-05; Q4_K, where it was inlined, unchanged).
   */
  private static float rowSum(Scratch scratch, Q8KCodes x, int blocks) {
    int[] mins = scratch.mins();
    int[] sums = x.sums32();
    int[] isums = scratch.isums();
    float sum = 0f;
    for (int i = 0; i < blocks; i++) {
      int msum = 0;
      for (int j = i * SUB_BLOCKS; j < (i + 1) * SUB_BLOCKS; j++) {
        msum += mins[j] * sums[j];
      }
      sum += x.d()[i] * (scratch.d()[i] * isums[i] - scratch.dmin()[i] * msum);
    }
    return sum;
  }

  /** The exact {@code isum} of Q4_K super-block {@code i} at byte {@code block}. */
  static int q4Sum(MemorySegment w, long block, short[] y, int i, int[] scales) {
    int s = i * SUB_BLOCKS;
    IntVector sum = IntVector.zero(I);
    for (int g = 0; g < 4; g++) {
      long at = block + 16 + 32 * g;
      ShortVector c0 = bytes(w, at);
      ShortVector c1 = bytes(w, at + 16);
      int yg = i * SUPER_BLOCK + 64 * g;
      ShortVector low = multiply(c0.and((short) 15), c1.and((short) 15), y, yg);
      ShortVector high = multiply(c0.lanewise(VectorOperators.LSHR, 4),
          c1.lanewise(VectorOperators.LSHR, 4), y, yg + 32);
      sum = sum.add(pairs(low).mul(scales[s + 2 * g])).add(pairs(high).mul(scales[s + 2 * g + 1]));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /**
   * {@link #q4Sum} in 512-bit lanes, where they are native ({@link WideLanes#NATIVE}): a group's
   * 32 nibble bytes widen to one vector of 32 shorts whose low nibbles are one sub-block and high
   * nibbles the next, so each short holds one product (|product| <= 15 * 127) and each int lane
   * two. The same integer: the order of integer additions does not matter.
   */
  static int q4SumWide(MemorySegment w, long block, short[] y, int i, int[] scales) {
    int s = i * SUB_BLOCKS;
    IntVector sum = IntVector.zero(WideLanes.I);
    for (int g = 0; g < 4; g++) {
      ShortVector codes = WideLanes.bytes(w, block + 16 + 32 * g);
      int yg = i * SUPER_BLOCK + 64 * g;
      ShortVector low = WideLanes.products(codes.and((short) 15), y, yg);
      ShortVector high = WideLanes.products(codes.lanewise(VectorOperators.LSHR, 4), y, yg + 32);
      sum = sum.add(WideLanes.pairs(low).mul(scales[s + 2 * g]))
          .add(WideLanes.pairs(high).mul(scales[s + 2 * g + 1]));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /**
   * {@link #q5Sum} in 512-bit lanes, as {@link #q4SumWide} with each code's fifth bit from {@code
   * qh} (read once per super-block): |product| <= 31 * 127, two per int lane. The same integer.
   */
  static int q5SumWide(MemorySegment w, long block, short[] y, int i, int[] scales) {
    int s = i * SUB_BLOCKS;
    ShortVector qh = WideLanes.bytes(w, block + 16).lanewise(VectorOperators.LSHL, 4);
    IntVector sum = IntVector.zero(WideLanes.I);
    for (int g = 0; g < 4; g++) {
      ShortVector codes = WideLanes.bytes(w, block + 48 + 32 * g);
      int yg = i * SUPER_BLOCK + 64 * g;
      ShortVector low = codes.and((short) 15)
          .or(qh.lanewise(VectorOperators.LSHR, 2 * g).and((short) 16));
      ShortVector high = codes.lanewise(VectorOperators.LSHR, 4)
          .or(qh.lanewise(VectorOperators.LSHR, 2 * g + 1).and((short) 16));
      sum = sum.add(WideLanes.pairs(WideLanes.products(low, y, yg)).mul(scales[s + 2 * g]))
          .add(WideLanes.pairs(WideLanes.products(high, y, yg + 32)).mul(scales[s + 2 * g + 1]));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /**
   * The exact {@code isum} of Q5_K super-block {@code i} at byte {@code block}: each sub-block
   * summed in a method of its own, so that no vector outlives a call (the JIT leaves calls out of
   * line once a method's Vector API code passes its inlining budget, which a whole Q5_K group
   * does, and would then box every vector live across them).
   */
  static int q5Sum(MemorySegment w, long block, short[] y, int i, int[] scales) {
    int sum = 0;
    for (int j = 0; j < SUB_BLOCKS; j++) {
      sum += q5SubBlock(w, block, j, y, i * SUPER_BLOCK + 32 * j) * scales[i * SUB_BLOCKS + j];
    }
    return sum;
  }

  /**
   * {@code S_j} of Q5_K sub-block {@code j}: the low ({@code j} even) or high nibbles of group
   * {@code j / 2}, fifth bit {@code j} of {@code qh}, times {@code y[yi, +32)}.
   */
  private static int q5SubBlock(MemorySegment w, long block, int j, short[] y, int yi) {
    int shift = 4 * (j & 1);
    long at = block + 48 + 32 * (j / 2);
    ShortVector c0 = bytes(w, at).lanewise(VectorOperators.LSHR, shift).and((short) 15)
        .or(fifthBits(bytes(w, block + 16).lanewise(VectorOperators.LSHL, 4), j));
    ShortVector c1 = bytes(w, at + 16).lanewise(VectorOperators.LSHR, shift).and((short) 15)
        .or(fifthBits(bytes(w, block + 32).lanewise(VectorOperators.LSHL, 4), j));
    return pairs(multiply(c0, c1, y, yi)).reduceLanes(VectorOperators.ADD);
  }

  /** Bit {@code bit} of {@code qh} (held as {@code qh << 4}) as the value 16 or 0. */
  private static ShortVector fifthBits(ShortVector shiftedQh, int bit) {
    return shiftedQh.lanewise(VectorOperators.LSHR, bit).and((short) 16);
  }

  /** One sub-block: codes {@code a} times {@code y[at, +16)} plus {@code b} times the next 16. */
  private static ShortVector multiply(ShortVector a, ShortVector b, short[] y, int at) {
    return a.mul(ShortVector.fromArray(S, y, at)).add(b.mul(ShortVector.fromArray(S, y, at + 16)));
  }

  /**
   * Super-block {@code i}'s 256 codes at {@code codes[256i ..]}, in weight order. Q4_K reads its
   * first 32 nibble bytes as {@code qh} too and masks them out (no branch, no null vector).
   */
  private static void unpack(MemorySegment w, long block, boolean fifth, int i, short[] codes) {
    short bit = fifth ? (short) 16 : 0;
    ShortVector h0 = bytes(w, block + 16).lanewise(VectorOperators.LSHL, 4);
    ShortVector h1 = bytes(w, block + 32).lanewise(VectorOperators.LSHL, 4);
    for (int g = 0; g < 4; g++) {
      long at = block + (fifth ? 48 : 16) + 32 * g;
      ShortVector c0 = bytes(w, at);
      ShortVector c1 = bytes(w, at + 16);
      int e = i * SUPER_BLOCK + 64 * g;
      // fifth bits as in fifthBits, masked by bit (16 for Q5_K, 0 for Q4_K); written out here:
      // a helper call here passed the JIT's inlining budget (vectors boxed)
      c0.and((short) 15).or(h0.lanewise(VectorOperators.LSHR, 2 * g).and(bit))
          .intoArray(codes, e);
      c1.and((short) 15).or(h1.lanewise(VectorOperators.LSHR, 2 * g).and(bit))
          .intoArray(codes, e + 16);
      c0.lanewise(VectorOperators.LSHR, 4).or(h0.lanewise(VectorOperators.LSHR, 2 * g + 1).and(bit))
          .intoArray(codes, e + 32);
      c1.lanewise(VectorOperators.LSHR, 4).or(h1.lanewise(VectorOperators.LSHR, 2 * g + 1).and(bit))
          .intoArray(codes, e + 48);
    }
  }

  /** {@code isum} from codes {@link #unpack unpacked} to {@code codes}. */
  private static int unpackedSum(short[] codes, short[] y, int i, int[] scales) {
    int s = i * SUB_BLOCKS;
    IntVector sum = IntVector.zero(I);
    for (int j = 0; j < SUB_BLOCKS; j++) {
      int e = i * SUPER_BLOCK + 32 * j;
      ShortVector p = products(codes, y, e).add(products(codes, y, e + 16));
      sum = sum.add(pairs(p).mul(scales[s + j]));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /**
   * Super-block {@code i}'s (at byte {@code block}) sub-block scales and mins ({@code
   * get_scale_min_k4}) into {@code scratch.scales()} and {@code scratch.mins()} at {@code 8i ..
   * 8i + 8}, its {@code d} and {@code dmin} into {@code scratch.d()[i]} and {@code
   * scratch.dmin()[i]}.
   */
  static void decodeScales(MemorySegment w, long block, int i, Scratch scratch) {
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
    scratch.d()[i] = Fp16.read(w, block);
    scratch.dmin()[i] = Fp16.read(w, block + 2);
  }
}
