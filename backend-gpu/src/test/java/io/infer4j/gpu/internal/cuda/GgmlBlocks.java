package io.infer4j.gpu.internal.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test data: float rows quantized to GGML's Q8_0 and Q4_0 block layouts the way ggml's reference
 * quantizers do, plus F16/BF16/F32 encodings, all little-endian.
 */
final class GgmlBlocks {
  private GgmlBlocks() {}

  /** Q8_0: per 32 values, d = amax / 127 (fp16), q = round(x / d). */
  static byte[] q8_0(float[] x) {
    ByteBuffer b = ByteBuffer.allocate(x.length / 32 * 34).order(ByteOrder.LITTLE_ENDIAN);
    for (int blk = 0; blk < x.length / 32; blk++) {
      float amax = 0;
      for (int i = 0; i < 32; i++) {
        amax = Math.max(amax, Math.abs(x[blk * 32 + i]));
      }
      float d = amax / 127f;
      float id = d != 0 ? 1f / d : 0f;
      b.putShort(Float.floatToFloat16(d));
      for (int i = 0; i < 32; i++) {
        b.put((byte) Math.round(x[blk * 32 + i] * id));
      }
    }
    return b.array();
  }

  /** Q4_0: per 32 values, d = max / -8 (the signed value of largest magnitude), nibbles. */
  static byte[] q4_0(float[] x) {
    ByteBuffer b = ByteBuffer.allocate(x.length / 32 * 18).order(ByteOrder.LITTLE_ENDIAN);
    for (int blk = 0; blk < x.length / 32; blk++) {
      float amax = 0;
      float max = 0;
      for (int i = 0; i < 32; i++) {
        float v = x[blk * 32 + i];
        if (Math.abs(v) > amax) {
          amax = Math.abs(v);
          max = v;
        }
      }
      float d = max / -8f;
      float id = d != 0 ? 1f / d : 0f;
      b.putShort(Float.floatToFloat16(d));
      for (int j = 0; j < 16; j++) {
        int lo = Math.min(15, (int) (x[blk * 32 + j] * id + 8.5f));
        int hi = Math.min(15, (int) (x[blk * 32 + 16 + j] * id + 8.5f));
        b.put((byte) (lo | (hi << 4)));
      }
    }
    return b.array();
  }

  static byte[] f32(float[] x) {
    ByteBuffer b = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : x) {
      b.putFloat(v);
    }
    return b.array();
  }

  static byte[] f16(float[] x) {
    ByteBuffer b = ByteBuffer.allocate(x.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : x) {
      b.putShort(Float.floatToFloat16(v));
    }
    return b.array();
  }

  static byte[] bf16(float[] x) {
    ByteBuffer b = ByteBuffer.allocate(x.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : x) {
      b.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
    }
    return b.array();
  }

  /** Deterministic values in (-1, 1). */
  static float[] values(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextFloat() * 2 - 1;
    }
    return x;
  }
}
