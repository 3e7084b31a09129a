package io.infer4j.runtime.internal.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An activation vector quantized as GGML's Q8_0, the way llama.cpp quantizes the right-hand side
 * of every Q8_0 matrix product ({@code vec_dot_type} of Q8_0 is Q8_0): per block of 32 values,
 * {@code amax = max |x|}, scale {@code d = amax / 127} rounded to fp16 (what the block stores and
 * the dot product uses), {@code q = round(x * 127 / amax)} to nearest, ties to even. This is
 * ggml-cpu's x86 {@code quantize_row_q8_0} (AVX/AVX2, the path llama.cpp runs on this machine;
 * its portable {@code quantize_row_q8_0_ref} multiplies by {@code 1/d} and rounds ties away from
 * zero, which can differ in the last unit for rare ties). Immutable after {@link #quantize}.
 *
 * <p>{@link #dot} is the plain int8 reference of {@code vec_dot_q8_0_q8_0} (ggml's generic C
 * loop): per block, the exact integer sum of {@code wq * xq}, then {@code sum += isum * (dw * dx)}
 * in block order. {@link Q8Rows#dotInt8} is the fast path tested against it.
 *
 * @param quants the quantized values ({@code n})
 * @param scales each block's scale, fp16 values held as float ({@code n / 32})
 * @param wide the quantized values as shorts, which {@link Q8Rows#dotInt8} multiplies in 16-bit
 *     lanes
 */
record Q8Activations(byte[] quants, float[] scales, short[] wide) {
  // Its own constants: the reference kernels run without the Vector API module, which Q8Rows and
  // RowSpecies need.
  static final int BLOCK = 32;
  static final int BLOCK_BYTES = 34;
  private static final ValueLayout.OfShort HALF =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /**
   * The first {@code n} values of {@code x}, quantized.
   *
   * @throws IllegalArgumentException if {@code n} is not a whole number of blocks
   */
  static Q8Activations quantize(float[] x, int n) {
    checkBlocks(n);
    byte[] q = new byte[n];
    short[] wide = new short[n];
    float[] scales = new float[n / BLOCK];
    for (int b = 0; b < scales.length; b++) {
      int from = b * BLOCK;
      float amax = 0f;
      for (int j = from; j < from + BLOCK; j++) {
        amax = Math.max(amax, Math.abs(x[j]));
      }
      scales[b] = scale(amax);
      float id = inverseScale(amax);
      for (int j = from; j < from + BLOCK; j++) {
        q[j] = (byte) Math.rint(x[j] * id);
        wide[j] = q[j];
      }
    }
    return new Q8Activations(q, scales, wide);
  }

  /**
   * Each block's {@code s = fp16(amax / 127 * sum(q))} of the first {@code n} values of {@code x}
   * quantized to {@code q} (by {@link #quantize}), as llama.cpp's {@code quantize_row_q8_1} stores
   * it for the offsets of Q4_1 and Q5_1 blocks ({@code m * s}): the exact sum of the block's codes
   * times the scale before its fp16 rounding, then rounded to fp16 (held as floats).
   *
   * @throws IllegalArgumentException if {@code n} is not a whole number of blocks
   */
  static float[] blockSums(float[] x, byte[] q, int n) {
    checkBlocks(n);
    float[] sums = new float[n / BLOCK];
    for (int b = 0; b < sums.length; b++) {
      float amax = 0f;
      int sum = 0;
      for (int j = b * BLOCK; j < (b + 1) * BLOCK; j++) {
        amax = Math.max(amax, Math.abs(x[j]));
        sum += q[j];
      }
      sums[b] = Float.float16ToFloat(Float.floatToFloat16(amax / 127f * (float) sum));
    }
    return sums;
  }

  /** @throws IllegalArgumentException if {@code n} is not a whole number of blocks */
  static void checkBlocks(int n) {
    if (n % BLOCK != 0) {
      throw new IllegalArgumentException("n = " + n + " is not a multiple of " + BLOCK);
    }
  }

  /** A block's stored scale from its largest magnitude: {@code amax / 127} rounded to fp16. */
  static float scale(float amax) {
    return Float.float16ToFloat(Float.floatToFloat16(amax / 127f));
  }

  /** What a block's values are multiplied by before rounding: {@code 127 / amax}, 0 for 0. */
  static float inverseScale(float amax) {
    return amax != 0f ? 127f / amax : 0f;
  }

  /**
   * The plain reference: {@code row . x} for the Q8_0 row of {@code n} elements at byte {@code
   * offset} of {@code w} (34-byte blocks: fp16 scale, 32 int8 quants).
   */
  float dot(MemorySegment w, long offset, int n) {
    float sum = 0f;
    for (int b = 0; b < n / BLOCK; b++) {
      long block = offset + (long) b * BLOCK_BYTES;
      int isum = 0;
      for (int j = 0; j < BLOCK; j++) {
        isum += w.get(ValueLayout.JAVA_BYTE, block + 2 + j) * quants[b * BLOCK + j];
      }
      float dw = Float.float16ToFloat(w.get(HALF, block));
      sum += isum * (dw * scales[b]);
    }
    return sum;
  }
}
