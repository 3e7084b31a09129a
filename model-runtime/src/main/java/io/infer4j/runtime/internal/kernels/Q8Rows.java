package io.infer4j.runtime.internal.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dot products of GGML Q8_0 rows read in place (34-byte blocks: fp16 scale, 32 int8 quants) with
 * float32 activations: each block's quants are widened to float lanes and multiply-added with the
 * activations, then the block's lane sums are scaled into two alternating accumulators; {@link
 * #dot} dequantizes no row to an array. Works when the float species has 8 or 16 lanes (AVX2,
 * AVX-512); {@link RowSpecies#SUPPORTED} says whether it does here. Results differ from the
 * reference (dequantize, then sum left to right) by float rounding only. {@link #widen}
 * dequantizes a row (for batches, where it is reused). Stateless.
 */
final class Q8Rows {
  static final int BLOCK = 32;
  static final int BLOCK_BYTES = 34;
  private static final VectorSpecies<Float> F = RowSpecies.F;
  // dotInt8Narrow: 256-bit shapes whatever the preferred one, 16 codes widen to 16 shorts
  private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  // dotInt8Wide: a block's 32 codes widen to 32 shorts
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
  private static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
  private static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
  private static final int L = RowSpecies.L;

  private Q8Rows() {}

  private static FloatVector quants(MemorySegment w, long offset) {
    ByteVector q =
        ByteVector.fromMemorySegment(RowSpecies.BYTES, w, offset, ByteOrder.LITTLE_ENDIAN);
    return (FloatVector) q.castShape(F, 0);
  }

  /** {@code row . x} for the row of {@code n} elements starting at byte {@code offset}. */
  static float dot(MemorySegment w, long offset, float[] x, int n) {
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int blocks = n / BLOCK;
    int b = 0;
    for (; b + 2 <= blocks; b += 2) { // two blocks per pass: independent FMA chains
      long off = offset + (long) b * BLOCK_BYTES;
      acc0 = block(w, off, x, b * BLOCK).fma(scale(w, off), acc0);
      acc1 = block(w, off + BLOCK_BYTES, x, (b + 1) * BLOCK).fma(scale(w, off + BLOCK_BYTES), acc1);
    }
    if (b < blocks) {
      long off = offset + (long) b * BLOCK_BYTES;
      acc0 = block(w, off, x, b * BLOCK).fma(scale(w, off), acc0);
    }
    return LaneSums.sum(acc0.add(acc1));
  }

  /** The block's scale in every lane. */
  private static FloatVector scale(MemorySegment w, long blockOffset) {
    return FloatVector.broadcast(F, Float.float16ToFloat(w.get(RowSpecies.HALF, blockOffset)));
  }

  /** Lane sums of {@code quants * x} over one block (unscaled). */
  private static FloatVector block(MemorySegment w, long blockOffset, float[] x, int xi) {
    FloatVector s = quants(w, blockOffset + 2).mul(FloatVector.fromArray(F, x, xi));
    for (int c = L; c < BLOCK; c += L) {
      s = quants(w, blockOffset + 2 + c).fma(FloatVector.fromArray(F, x, xi + c), s);
    }
    return s;
  }

  /**
   * {@code row . x} with {@code x} quantized to Q8_0 too (ggml's {@code vec_dot_q8_0_q8_0}): per
   * block, the int8 products summed exactly in int lanes, widened to float and multiply-added
   * with the two scales' product into two alternating float accumulators, whose lanes are summed
   * at the end ({@link LaneSums}). Where the preferred shape is 512 bits (AVX-512) a block is one
   * vector of 32 shorts ({@link #dotInt8Wide}), else two halves of 16 ({@link #dotInt8Narrow}).
   * Differs from {@link Q8Activations#dot} (one exact integer per block, blocks summed in order)
   * only in the order of the float additions, which depends on that shape.
   */
  static float dotInt8(MemorySegment w, long offset, Q8Activations x, int n) {
    return RowSpecies.WIDE
        ? dotInt8Wide(w, offset, x, n)
        : dotInt8Narrow(w, offset, x, n);
  }

  /** {@link #dotInt8} in 256-bit shapes: 8 int lanes per block ({@link #intBlock}). */
  static float dotInt8Narrow(MemorySegment w, long offset, Q8Activations x, int n) {
    short[] y = x.wide();
    float[] dx = x.scales();
    FloatVector acc0 = FloatVector.zero(F8);
    FloatVector acc1 = FloatVector.zero(F8);
    int blocks = n / BLOCK;
    int b = 0;
    for (; b + 2 <= blocks; b += 2) { // two blocks per pass: independent FMA chains
      long off = offset + (long) b * BLOCK_BYTES;
      long off1 = off + BLOCK_BYTES;
      acc0 = intBlock(w, off, y, b * BLOCK).fma(scales(w, off, dx[b]), acc0);
      acc1 = intBlock(w, off1, y, (b + 1) * BLOCK).fma(scales(w, off1, dx[b + 1]), acc1);
    }
    if (b < blocks) {
      long off = offset + (long) b * BLOCK_BYTES;
      acc0 = intBlock(w, off, y, b * BLOCK).fma(scales(w, off, dx[b]), acc0);
    }
    return LaneSums.sum256(acc0.add(acc1)); // fixed order: reduceLanes leaves it open
  }

  /**
   * {@link #dotInt8} in 512-bit shapes: a block's 32 codes widen to one vector of 32 shorts, so
   * each short holds one product and each int lane two ({@link #wideBlock}); 16 float lanes.
   * Only where 512-bit vectors are native ({@link RowSpecies#WIDE}); elsewhere C2 would not compile them.
   * The same loop as {@link #dotInt8Narrow} on purpose, not one loop over a species argument:
   * code that sees vectors of two shapes is boxed by the JIT ({@link LaneSums#sum256}).
   */
  static float dotInt8Wide(MemorySegment w, long offset, Q8Activations x, int n) {
    short[] y = x.wide();
    float[] dx = x.scales();
    FloatVector acc0 = FloatVector.zero(F16);
    FloatVector acc1 = FloatVector.zero(F16);
    int blocks = n / BLOCK;
    int b = 0;
    for (; b + 2 <= blocks; b += 2) { // two blocks per pass: independent FMA chains
      long off = offset + (long) b * BLOCK_BYTES;
      long off1 = off + BLOCK_BYTES;
      acc0 = wideBlock(w, off, y, b * BLOCK).fma(wideScales(w, off, dx[b]), acc0);
      acc1 = wideBlock(w, off1, y, (b + 1) * BLOCK).fma(wideScales(w, off1, dx[b + 1]), acc1);
    }
    if (b < blocks) {
      long off = offset + (long) b * BLOCK_BYTES;
      acc0 = wideBlock(w, off, y, b * BLOCK).fma(wideScales(w, off, dx[b]), acc0);
    }
    return LaneSums.sum512(acc0.add(acc1));
  }

  /** {@link #scales} in 16 lanes. */
  private static FloatVector wideScales(MemorySegment w, long blockOffset, float dx) {
    float dw = Float.float16ToFloat(w.get(RowSpecies.HALF, blockOffset));
    return FloatVector.broadcast(F16, dw * dx);
  }

  /**
   * {@code sum(wq * xq)} over one block as 16 exact int lanes, then floats. The 32 codes widen to
   * 32 shorts and multiply with the activation codes (|product| <= 128 * 127 = 16256, within a
   * short); each int lane then adds its two shorts as {@code ((v << 16) + v) >> 16}, exact while
   * the sum stays within a short (|sum| <= 32512).
   */
  private static FloatVector wideBlock(MemorySegment w, long blockOffset, short[] y, int yi) {
    ShortVector codes = (ShortVector) ByteVector.fromMemorySegment(
        B32, w, blockOffset + 2, ByteOrder.LITTLE_ENDIAN).castShape(S32, 0);
    IntVector pairs = codes.mul(ShortVector.fromArray(S32, y, yi)).reinterpretAsInts();
    IntVector sums = pairs.lanewise(VectorOperators.LSHL, 16).add(pairs)
        .lanewise(VectorOperators.ASHR, 16);
    return (FloatVector) sums.convert(VectorOperators.I2F, 0);
  }

  /** The weight block's scale times the activation block's, in every lane. */
  private static FloatVector scales(MemorySegment w, long blockOffset, float dx) {
    float dw = Float.float16ToFloat(w.get(RowSpecies.HALF, blockOffset));
    return FloatVector.broadcast(F8, dw * dx);
  }

  /**
   * {@code sum(wq * xq)} over one block as 8 exact int lanes, then floats (exact: at most 4 * 128 *
   * 127 each). Each half of the block's codes (16 bytes) widens to 16 shorts; the two halves'
   * products add in shorts (|sum| <= 2 * 128 * 127 = 32512: activation codes stop at 127 in
   * magnitude), and each int lane adds its two shorts ({@code << 16 >> 16} and {@code >> 16}).
   * In 16-bit lanes because 32-bit multiplies cost twice as much on AVX2 and byte lanes cannot be
   * multiplied without overflow; measured on this project's AMD EPYC VM (2026-12-05) about 15%
   * faster per block than widening to floats.
   */
  private static FloatVector intBlock(MemorySegment w, long blockOffset, short[] y, int yi) {
    ShortVector low = halfCodes(w, blockOffset + 2).mul(ShortVector.fromArray(S, y, yi));
    ShortVector high = halfCodes(w, blockOffset + 18).mul(ShortVector.fromArray(S, y, yi + 16));
    IntVector pairs = low.add(high).reinterpretAsInts();
    IntVector sums = pairs.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
        .add(pairs.lanewise(VectorOperators.ASHR, 16));
    return (FloatVector) sums.convert(VectorOperators.I2F, 0);
  }

  private static ShortVector halfCodes(MemorySegment w, long offset) {
    return (ShortVector) ByteVector.fromMemorySegment(B16, w, offset, ByteOrder.LITTLE_ENDIAN)
        .castShape(S, 0);
  }

  /** Dequantizes the row of {@code n} elements at byte {@code offset} into {@code dst[0, n)}. */
  static void widen(MemorySegment w, long offset, float[] dst, int n) {
    int blocks = n / BLOCK;
    for (int b = 0; b < blocks; b++) {
      long off = offset + (long) b * BLOCK_BYTES;
      FloatVector d = scale(w, off);
      for (int c = 0; c < BLOCK; c += L) {
        quants(w, off + 2 + c).mul(d).intoArray(dst, b * BLOCK + c);
      }
    }
  }
}
