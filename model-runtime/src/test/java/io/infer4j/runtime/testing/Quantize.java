package io.infer4j.runtime.testing;

import io.infer4j.runtime.internal.tensor.GgmlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test-side encoders for every tensor type, written from GGML's block layouts independently of the
 * runtime's views, and the matching decoders ({@link #roundTrip}).
 */
public final class Quantize {
  private Quantize() {}

  /** {@code values} stored as {@code type} (length a multiple of the block size). */
  public static byte[] encode(GgmlType type, float[] values) {
    ByteBuffer b =
        ByteBuffer.allocate((int) type.byteSize(values.length)).order(ByteOrder.LITTLE_ENDIAN);
    switch (type) {
      case F32 -> {
        for (float v : values) {
          b.putFloat(v);
        }
      }
      case F16 -> {
        for (float v : values) {
          b.putShort(Float.floatToFloat16(v));
        }
      }
      case BF16 -> {
        for (float v : values) {
          b.putShort((short) (Float.floatToRawIntBits(v) >>> 16)); // truncation
        }
      }
      case Q8_0 -> {
        for (int blk = 0; blk < values.length / 32; blk++) {
          float amax = 0;
          for (int i = 0; i < 32; i++) {
            amax = Math.max(amax, Math.abs(values[blk * 32 + i]));
          }
          float d = amax / 127f;
          float id = d != 0 ? 1f / d : 0f;
          b.putShort(Float.floatToFloat16(d));
          for (int i = 0; i < 32; i++) {
            b.put((byte) Math.round(values[blk * 32 + i] * id));
          }
        }
      }
      case Q4_1, Q5_1 -> {
        for (int at = 0; at < values.length; at += 32) {
          BlockCodecs.encodeWithMin(b, values, at, type == GgmlType.Q4_1 ? 4 : 5);
        }
      }
      case Q5_0 -> {
        for (int at = 0; at < values.length; at += 32) {
          BlockCodecs.encodeQ5_0(b, values, at);
        }
      }
      case Q4_K, Q5_K -> {
        for (int at = 0; at < values.length; at += 256) {
          BlockCodecs.encodeK(b, values, at, type == GgmlType.Q4_K ? 4 : 5);
        }
      }
      case Q6_K -> {
        for (int at = 0; at < values.length; at += 256) {
          BlockCodecs.encodeQ6_K(b, values, at);
        }
      }
      case Q4_0 -> {
        for (int blk = 0; blk < values.length / 32; blk++) {
          float amax = 0;
          float max = 0;
          for (int i = 0; i < 32; i++) {
            float v = values[blk * 32 + i];
            if (Math.abs(v) > amax) {
              amax = Math.abs(v);
              max = v;
            }
          }
          float d = max / -8f;
          float id = d != 0 ? 1f / d : 0f;
          b.putShort(Float.floatToFloat16(d));
          for (int j = 0; j < 16; j++) {
            int lo = Math.min(15, (int) (values[blk * 32 + j] * id + 8.5f));
            int hi = Math.min(15, (int) (values[blk * 32 + j + 16] * id + 8.5f));
            b.put((byte) (lo | (hi << 4)));
          }
        }
      }
    }
    return b.array();
  }

  /** What {@code values} read back as after being stored as {@code type}. */
  public static float[] roundTrip(GgmlType type, float[] values) {
    return decode(type, encode(type, values), values.length);
  }

  /** The first {@code count} elements stored as {@code type} in {@code bytes}. */
  public static float[] decode(GgmlType type, byte[] bytes, int count) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[count];
    switch (type) {
      case F32 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = b.getFloat();
        }
      }
      case F16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Float.float16ToFloat(b.getShort());
        }
      }
      case BF16 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
        }
      }
      case Q8_0 -> {
        for (int blk = 0; blk < out.length / 32; blk++) {
          float d = Float.float16ToFloat(b.getShort());
          for (int i = 0; i < 32; i++) {
            out[blk * 32 + i] = b.get() * d;
          }
        }
      }
      case Q4_1, Q5_0, Q5_1 -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = BlockCodecs.decode32(b, i / 32 * type.blockBytes(), type.name(), i % 32);
        }
      }
      case Q4_K, Q5_K -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = BlockCodecs.decodeK(
              b, i / 256 * type.blockBytes(), type == GgmlType.Q4_K ? 4 : 5, i % 256);
        }
      }
      case Q6_K -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = BlockCodecs.decodeQ6_K(b, i / 256 * type.blockBytes(), i % 256);
        }
      }
      case Q4_0 -> {
        for (int blk = 0; blk < out.length / 32; blk++) {
          float d = Float.float16ToFloat(b.getShort());
          for (int j = 0; j < 16; j++) {
            int packed = b.get() & 0xFF;
            out[blk * 32 + j] = ((packed & 0xF) - 8) * d;
            out[blk * 32 + j + 16] = ((packed >> 4) - 8) * d;
          }
        }
      }
    }
    return out;
  }
}
