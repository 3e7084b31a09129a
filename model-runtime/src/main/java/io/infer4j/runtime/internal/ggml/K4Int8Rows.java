package io.infer4j.runtime.internal.ggml;

import static io.infer4j.runtime.internal.ggml.ShortLanes.I;
import static io.infer4j.runtime.internal.ggml.ShortLanes.S;
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
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of Q4_K and Q5_K rows, read in place from the weights' segment, with activations
 * quantized to Q8_K ({@link Q8KCodes}): {@code KernelMode.VECTOR_INT8}'s kernel for them. Not
 * llama.cpp's arithmetic bit for bit ({@link KDots} is): the integer products are exact here too,
 * but the float steps that combine them differ.
 *
 * <p>A Q4_K super-block (144 bytes; ggml-common.h {@code block_q4_K}) holds {@code d} and {@code
 * dmin} (fp16), 12 bytes of eight 6-bit scales and mins ({@code get_scale_min_k4}; decoded here
 * eight at a time in a long, {@link #scales}, {@link #mins}), and 128 bytes of nibbles: byte {@code
 * 32g + l} holds code {@code 64g + l} in its low nibble and {@code 64g + 32 + l} in its high one.
 * Q5_K (176 bytes) puts 32 bytes {@code qh} before the nibbles: bit {@code 2g} of {@code qh[l]} is
 * the fifth bit of code {@code 64g + l}, bit {@code 2g + 1} that of code {@code 64g + 32 + l}.
 *
 * <p>Each super-block gives an exact vector of 8 int lanes, lane {@code k} holding {@code sum_j
 * sc_j * (q y)} over codes {@code 2k, 2k + 1, 16 + 2k, 17 + 2k} of every sub-block {@code j}
 * (products in 16-bit lanes, |q y| <= 31 * 128, each int lane adding its two shorts, {@link
 * ShortLanes#pairs}, then times the scale: |lane| <= 8 * 4 * 3968 * 63 < 2^23), which converts to
 * float exactly and joins a float accumulator of 8 lanes, {@code acc = isum * (dy d) + acc}
 * (fused), super-block after super-block; the mins' part ({@link #minsTerm}) is summed the same
 * way in an accumulator of its own, and the row's result is the sum of the two accumulators' lane
 * sums ({@link LaneSums#sum256}). Where 512-bit vectors are native ({@link WideLanes#NATIVE}) a
 * group's 32 nibble bytes are one vector of 32 shorts, one product per short, and its 16 int
 * lanes fold to the 8 of {@code isum} by adding the upper half to the lower ({@link
 * WideLanes#fold}): the same integers in the same lanes as the 256-bit form, so both shapes, the
 * decode path ({@link #dot}: codes read from the segment) and the batch path ({@link #dots}: a
 * row's codes unpacked once, then multiplied for each token) give the same floats bit for bit.
 *
 * <p>Each row is one method ({@link #q4Row}, {@link #q5Row} and their 512-bit forms) with no call
 * left in its loop: a call the JIT leaves out of line spills every vector register around it and
 * boxes any vector passed across it, and the previous form (scales decoded into arrays and each
 * super-block's sum reduced to one int, each in a call of its own, fp16 reads among them) spent
 * more time in those steps than in the products (a harness of Q4_K rows from L2, 2026-12-05).
 * So the row methods repeat their per-super-block steps (the scale decoding, the float fold)
 * rather than share a helper that takes or returns a vector: past its inlining budget ({@code
 * NodeCountInliningCutoff}) the JIT leaves even small helpers out of line, and passes their
 * vectors boxed. Stateless; {@link Scratch} is per thread, for the batch path.
 */
final class K4Int8Rows {
  private static final int SUPER_BLOCK = Q8KQuantizer.BLOCK; // QK_K
  private static final int SUB_BLOCKS = 8;
  private static final long Q4_BYTES = GgmlType.Q4_K.blockBytes();
  private static final long Q5_BYTES = GgmlType.Q5_K.blockBytes();
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  private static final VectorSpecies<Long> TWO_LONGS = LongVector.SPECIES_128;
  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong SCALES_0_7 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt FOUR_BYTES =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private K4Int8Rows() {}

  /** Whether this kernel takes rows of {@code type}. */
  static boolean handles(GgmlType type) {
    return type == GgmlType.Q4_K || type == GgmlType.Q5_K;
  }

  /**
   * Per-thread buffers of the batch path for rows of {@code n} columns: each super-block's scales
   * ({@link #scales}) and {@code d}, and the row's codes unpacked.
   */
  record Scratch(long[] scales, float[] d, short[] codes) {
    static Scratch forColumns(int n) {
      int blocks = n / SUPER_BLOCK;
      return new Scratch(new long[blocks], new float[blocks], new short[n]);
    }
  }

  /**
   * {@code row . x} for the {@code type} row of {@code n} columns ({@code n % 256 == 0}) at byte
   * {@code offset} of {@code w}, in the shape this host runs natively.
   */
  static float dot(GgmlType type, MemorySegment w, long offset, Q8KCodes x, int n) {
    if (WideLanes.NATIVE) {
      return type == GgmlType.Q5_K ? q5RowWide(w, offset, x, n) : q4RowWide(w, offset, x, n);
    }
    return type == GgmlType.Q5_K ? q5Row(w, offset, x, n) : q4Row(w, offset, x, n);
  }

  /** {@link #dot} for a Q4_K row in 256-bit lanes. */
  static float q4Row(MemorySegment w, long offset, Q8KCodes x, int n) {
    short[] y = x.wide();
    FloatVector acc = FloatVector.zero(F8);
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      long block = offset + i * Q4_BYTES;
      long low = w.get(SCALES_0_7, block + 4);
      int high = w.get(FOUR_BYTES, block + 12);
      long sc = scales(low, high);
      IntVector sum = IntVector.zero(I);
      for (int g = 0; g < 4; g++) {
        ShortVector c0 = bytes(w, block + 16 + 32 * g);
        ShortVector c1 = bytes(w, block + 32 + 32 * g);
        int yg = i * SUPER_BLOCK + 64 * g;
        ShortVector lowP = multiply(c0.and((short) 15), c1.and((short) 15), y, yg);
        ShortVector highP = multiply(c0.lanewise(VectorOperators.LSHR, 4),
            c1.lanewise(VectorOperators.LSHR, 4), y, yg + 32);
        sum = sum.add(pairs(lowP).mul(scale(sc, 2 * g)))
            .add(pairs(highP).mul(scale(sc, 2 * g + 1)));
      }
      float d = x.d()[i] * Float.float16ToFloat(w.get(HALF, block));
      acc = ((FloatVector) sum.convert(VectorOperators.I2F, 0))
          .fma(FloatVector.broadcast(F8, d), acc);
    }
    return LaneSums.sum256(acc) + minsTerm(w, offset, Q4_BYTES, x, n);
  }

  /**
   * {@link #q4Row} in 512-bit lanes: a group's 32 nibble bytes widen to one vector of 32 shorts
   * whose low nibbles are one sub-block and high nibbles the next, one product per short.
   */
  static float q4RowWide(MemorySegment w, long offset, Q8KCodes x, int n) {
    short[] y = x.wide();
    FloatVector acc = FloatVector.zero(F8);
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      long block = offset + i * Q4_BYTES;
      long low = w.get(SCALES_0_7, block + 4);
      int high = w.get(FOUR_BYTES, block + 12);
      long sc = scales(low, high);
      IntVector sum = IntVector.zero(WideLanes.I);
      for (int g = 0; g < 4; g++) {
        ShortVector codes = WideLanes.bytes(w, block + 16 + 32 * g);
        int yg = i * SUPER_BLOCK + 64 * g;
        ShortVector lowP = WideLanes.products(codes.and((short) 15), y, yg);
        ShortVector highP = WideLanes.products(codes.lanewise(VectorOperators.LSHR, 4), y, yg + 32);
        sum = sum.add(WideLanes.pairs(lowP).mul(scale(sc, 2 * g)))
            .add(WideLanes.pairs(highP).mul(scale(sc, 2 * g + 1)));
      }
      float d = x.d()[i] * Float.float16ToFloat(w.get(HALF, block));
      acc = ((FloatVector) WideLanes.fold(sum).convert(VectorOperators.I2F, 0))
          .fma(FloatVector.broadcast(F8, d), acc);
    }
    return LaneSums.sum256(acc) + minsTerm(w, offset, Q4_BYTES, x, n);
  }

  /**
   * {@link #dot} for a Q5_K row in 256-bit lanes: as {@link #q4Row} with each code's fifth bit
   * from {@code qh} (read once per super-block, held shifted left by 4 so that bit {@code j} moves
   * to the value 16 by one shift right by {@code j}), one sub-block a pass: a pass over a group
   * of two, as {@link #q4Row} takes, passed the JIT's inlining budget ({@code
   * NodeCountInliningCutoff}) and its small vector helpers were called with their vectors boxed
   * (decode 2x slower).
   */
  static float q5Row(MemorySegment w, long offset, Q8KCodes x, int n) {
    short[] y = x.wide();
    FloatVector acc = FloatVector.zero(F8);
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      long block = offset + i * Q5_BYTES;
      long sc = scales(w.get(SCALES_0_7, block + 4), w.get(FOUR_BYTES, block + 12));
      ShortVector h0 = bytes(w, block + 16).lanewise(VectorOperators.LSHL, 4);
      ShortVector h1 = bytes(w, block + 32).lanewise(VectorOperators.LSHL, 4);
      IntVector sum = IntVector.zero(I);
      for (int j = 0; j < SUB_BLOCKS; j++) { // group j / 2, low nibbles for even j
        long at = block + 48 + 32 * (j / 2);
        int shift = 4 * (j & 1);
        ShortVector c0 = bytes(w, at).lanewise(VectorOperators.LSHR, shift).and((short) 15)
            .or(h0.lanewise(VectorOperators.LSHR, j).and((short) 16));
        ShortVector c1 = bytes(w, at + 16).lanewise(VectorOperators.LSHR, shift).and((short) 15)
            .or(h1.lanewise(VectorOperators.LSHR, j).and((short) 16));
        sum = sum.add(pairs(multiply(c0, c1, y, i * SUPER_BLOCK + 32 * j)).mul(scale(sc, j)));
      }
      float d = x.d()[i] * Float.float16ToFloat(w.get(HALF, block));
      acc = ((FloatVector) sum.convert(VectorOperators.I2F, 0))
          .fma(FloatVector.broadcast(F8, d), acc);
    }
    return LaneSums.sum256(acc) + minsTerm(w, offset, Q5_BYTES, x, n);
  }

  /** {@link #q5Row} in 512-bit lanes, as {@link #q4RowWide} with the fifth bits. */
  static float q5RowWide(MemorySegment w, long offset, Q8KCodes x, int n) {
    short[] y = x.wide();
    FloatVector acc = FloatVector.zero(F8);
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      long block = offset + i * Q5_BYTES;
      long low = w.get(SCALES_0_7, block + 4);
      int high = w.get(FOUR_BYTES, block + 12);
      long sc = scales(low, high);
      ShortVector qh = WideLanes.bytes(w, block + 16).lanewise(VectorOperators.LSHL, 4);
      IntVector sum = IntVector.zero(WideLanes.I);
      for (int g = 0; g < 4; g++) {
        ShortVector codes = WideLanes.bytes(w, block + 48 + 32 * g);
        int yg = i * SUPER_BLOCK + 64 * g;
        ShortVector lowCodes = codes.and((short) 15)
            .or(qh.lanewise(VectorOperators.LSHR, 2 * g).and((short) 16));
        ShortVector highCodes = codes.lanewise(VectorOperators.LSHR, 4)
            .or(qh.lanewise(VectorOperators.LSHR, 2 * g + 1).and((short) 16));
        sum = sum.add(WideLanes.pairs(WideLanes.products(lowCodes, y, yg)).mul(scale(sc, 2 * g)))
            .add(WideLanes.pairs(WideLanes.products(highCodes, y, yg + 32))
                .mul(scale(sc, 2 * g + 1)));
      }
      float d = x.d()[i] * Float.float16ToFloat(w.get(HALF, block));
      acc = ((FloatVector) WideLanes.fold(sum).convert(VectorOperators.I2F, 0))
          .fma(FloatVector.broadcast(F8, d), acc);
    }
    return LaneSums.sum256(acc) + minsTerm(w, offset, Q5_BYTES, x, n);
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
    long[] scales = scratch.scales();
    float[] d = scratch.d();
    short[] codes = scratch.codes();
    for (int i = 0; i < blocks; i++) {
      long block = offset + i * blockBytes;
      scales[i] = scales(w.get(SCALES_0_7, block + 4), w.get(FOUR_BYTES, block + 12));
      d[i] = Float.float16ToFloat(w.get(HALF, block));
      unpack(w, block, fifth, i, codes);
    }
    for (int t = 0; t < count; t++) {
      out[t][row] = unpackedDot(scratch, x[t], n) + minsTerm(w, offset, blockBytes, x[t], n);
    }
  }

  /**
   * The codes' part of a row's result from its codes {@link #unpack unpacked} to {@code
   * scratch}, the same floats as the decode path's. A method of its own so that, should the JIT
   * not inline it into {@link #dots} (whose unpacking it inlines first), the call it leaves out of
   * line passes no vector: inlined there in one piece, the per-token loop's small vector helpers
   * passed the inlining budget and were called with their vectors boxed (Q5_K batches of 8 tokens
   * 10x slower).
   */
  private static float unpackedDot(Scratch scratch, Q8KCodes x, int n) {
    short[] codes = scratch.codes();
    long[] scales = scratch.scales();
    short[] y = x.wide();
    FloatVector acc = FloatVector.zero(F8);
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      IntVector sum = IntVector.zero(I);
      for (int j = 0; j < SUB_BLOCKS; j++) {
        int e = i * SUPER_BLOCK + 32 * j;
        ShortVector p = products(codes, y, e).add(products(codes, y, e + 16));
        sum = sum.add(pairs(p).mul(scale(scales[i], j)));
      }
      acc = ((FloatVector) sum.convert(VectorOperators.I2F, 0))
          .fma(FloatVector.broadcast(F8, x.d()[i] * scratch.d()[i]), acc);
    }
    return LaneSums.sum256(acc);
  }

  /**
   * The mins' part of a row's result, {@code -sum_i dy_i dmin_i sum_j m_ij * sums32_ij}: lane
   * {@code j} of an 8-lane accumulator takes {@code (m_j * sums32_j) * -(dy dmin) + acc} (an exact
   * integer, then fused) super-block after super-block, and the lanes are summed as {@link
   * LaneSums#sum256} does. A method of its own, called once per row after the loop over codes:
   * as a helper called in that loop for each super-block it passed the JIT's inlining budget in
   * Q5_K rows, and the vectors passed to its out-of-line call were boxed (Q5_K decode then ran no
   * faster than the form before, 0.96-1.10x in three pairs; 1.27x and 1.34x once moved here). The
   * row's scale bytes and {@code dmin} are read a second time, from cache.
   */
  private static float minsTerm(MemorySegment w, long offset, long blockBytes, Q8KCodes x,
      int n) {
    int[] sums = x.sums32();
    FloatVector acc = FloatVector.zero(F8);
    for (int i = 0; i < n / SUPER_BLOCK; i++) {
      long block = offset + i * blockBytes;
      long packed = mins(w.get(SCALES_0_7, block + 4), w.get(FOUR_BYTES, block + 12));
      IntVector m = (IntVector) LongVector.broadcast(TWO_LONGS, packed).reinterpretAsBytes()
          .convertShape(VectorOperators.ZERO_EXTEND_B2I, I, 0);
      IntVector msum = m.mul(IntVector.fromArray(I, sums, SUB_BLOCKS * i));
      float dmin = -x.d()[i] * Float.float16ToFloat(w.get(HALF, block + 2));
      acc = ((FloatVector) msum.convert(VectorOperators.I2F, 0))
          .fma(FloatVector.broadcast(F8, dmin), acc);
    }
    return LaneSums.sum256(acc);
  }

  /**
   * The eight 6-bit sub-block scales of a super-block, scale {@code j} in byte {@code j}, from its
   * scale bytes 0-7 ({@code low}) and 8-11 ({@code high}), as {@code get_scale_min_k4}: scale
   * {@code j < 4} is the low 6 bits of byte {@code j}, scale {@code j + 4} the low nibble of byte
   * {@code 8 + j} with the top two bits of byte {@code j} above it.
   */
  static long scales(long low, int high) {
    long first = low & 0x3F3F3F3FL;
    long second = (high & 0x0F0F0F0FL) | ((low >>> 2) & 0x30303030L);
    return first | second << 32;
  }

  /**
   * The eight 6-bit mins, min {@code j} in byte {@code j}: min {@code j < 4} is the low 6 bits of
   * byte {@code 4 + j}, min {@code j + 4} the high nibble of byte {@code 8 + j} with the top two
   * bits of byte {@code 4 + j} above it.
   */
  static long mins(long low, int high) {
    long first = (low >>> 32) & 0x3F3F3F3FL;
    long second = ((high >>> 4) & 0x0F0F0F0FL) | ((low >>> 34) & 0x30303030L);
    return first | second << 32;
  }

  /** Byte {@code j} of {@code packed}, a scale from {@link #scales}. */
  private static int scale(long packed, int j) {
    return (int) (packed >>> (8 * j)) & 0xFF;
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
      // fifth bits as in q5Row, masked by bit (16 for Q5_K, 0 for Q4_K); written out here: a
      // helper call here passed the JIT's inlining budget (vectors boxed)
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
}
