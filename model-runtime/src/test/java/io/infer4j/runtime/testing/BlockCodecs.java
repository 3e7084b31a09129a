package io.infer4j.runtime.testing;

import java.nio.ByteBuffer;

/**
 * Test-side encoders and element-wise decoders of the GGML block types beyond Q8_0/Q4_0 (Q4_1,
 * Q5_0, Q5_1, Q4_K, Q5_K, Q6_K), written from GGML's {@code block_*} layouts independently of the
 * runtime's views: the decoders address each element by its own formula rather than walking the
 * block as the runtime does. The encoders are simple (not llama.cpp's error-minimising search);
 * any valid block serves the tests. Blocks are read and written at the buffer's position.
 */
final class BlockCodecs {
  private BlockCodecs() {}

  // ---- 32-element types ----

  /** Q4_1 (20 bytes) or Q5_1 (24 bytes): d, m, [qh], nibbles; value = q * d + m. */
  static void encodeWithMin(ByteBuffer b, float[] v, int at, int bits) {
    int levels = (1 << bits) - 1;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < 32; i++) {
      min = Math.min(min, v[at + i]);
      max = Math.max(max, v[at + i]);
    }
    float d = (max - min) / levels;
    float id = d != 0 ? 1f / d : 0f;
    int[] q = new int[32];
    for (int i = 0; i < 32; i++) {
      q[i] = Math.max(0, Math.min(levels, Math.round((v[at + i] - min) * id)));
    }
    b.putShort(Float.floatToFloat16(d));
    b.putShort(Float.floatToFloat16(min));
    putLowAndHigh(b, q, bits);
  }

  /** Q5_0 (22 bytes): d, qh, nibbles; value = (q - 16) * d. */
  static void encodeQ5_0(ByteBuffer b, float[] v, int at) {
    float amax = 0;
    float max = 0;
    for (int i = 0; i < 32; i++) {
      if (Math.abs(v[at + i]) > amax) {
        amax = Math.abs(v[at + i]);
        max = v[at + i];
      }
    }
    float d = max / -16f;
    float id = d != 0 ? 1f / d : 0f;
    int[] q = new int[32];
    for (int i = 0; i < 32; i++) {
      q[i] = Math.max(0, Math.min(31, (int) (v[at + i] * id + 16.5f)));
    }
    b.putShort(Float.floatToFloat16(d));
    putLowAndHigh(b, q, 5);
  }

  /** For 5 bits a 32-bit word of fifth bits first; then nibble pairs (j low, j + 16 high). */
  private static void putLowAndHigh(ByteBuffer b, int[] q, int bits) {
    if (bits == 5) {
      int qh = 0;
      for (int i = 0; i < 32; i++) {
        qh |= ((q[i] >> 4) & 1) << i;
      }
      b.putInt(qh);
    }
    for (int j = 0; j < 16; j++) {
      b.put((byte) ((q[j] & 15) | (q[j + 16] & 15) << 4));
    }
  }

  /** Element {@code i} of the Q4_1, Q5_0 or Q5_1 block at {@code start}. */
  static float decode32(ByteBuffer b, int start, String type, int i) {
    float d = Float.float16ToFloat(b.getShort(start));
    boolean withMin = !type.equals("Q5_0");
    float m = withMin ? Float.float16ToFloat(b.getShort(start + 2)) : 0;
    boolean five = type.startsWith("Q5");
    int nibbles = start + (withMin ? 4 : 2) + (five ? 4 : 0);
    int packed = b.get(nibbles + i % 16) & 0xFF;
    int q = i < 16 ? packed & 15 : packed >> 4;
    if (five) {
      int qh = b.getInt(start + (withMin ? 4 : 2));
      q |= ((qh >>> i) & 1) << 4;
    }
    return withMin ? q * d + m : (q - 16) * d;
  }

  // ---- K-quants (256-element super-blocks) ----

  /** Q4_K (bits 4, 144 bytes) or Q5_K (bits 5, 176 bytes). */
  static void encodeK(ByteBuffer b, float[] v, int at, int bits) {
    int levels = (1 << bits) - 1;
    float[] scale = new float[8];
    float[] minus = new float[8]; // -min of each sub-block, >= 0
    for (int s = 0; s < 8; s++) {
      float min = 0;
      float max = 0;
      for (int i = 0; i < 32; i++) {
        min = Math.min(min, v[at + 32 * s + i]);
        max = Math.max(max, v[at + 32 * s + i]);
      }
      scale[s] = (max - min) / levels;
      minus[s] = -min;
    }
    float d = max(scale) / 63;
    float dmin = max(minus) / 63;
    d = Float.float16ToFloat(Float.floatToFloat16(d));
    dmin = Float.float16ToFloat(Float.floatToFloat16(dmin));
    int[] sc = new int[8];
    int[] mn = new int[8];
    int[] q = new int[256];
    for (int s = 0; s < 8; s++) {
      sc[s] = d == 0 ? 0 : Math.min(63, Math.round(scale[s] / d));
      mn[s] = dmin == 0 ? 0 : Math.min(63, Math.round(minus[s] / dmin));
      float step = d * sc[s];
      float offset = dmin * mn[s];
      for (int i = 0; i < 32; i++) {
        int k = 32 * s + i;
        q[k] = step == 0 ? 0
            : Math.max(0, Math.min(levels, Math.round((v[at + k] + offset) / step)));
      }
    }
    b.putShort(Float.floatToFloat16(d));
    b.putShort(Float.floatToFloat16(dmin));
    byte[] packed = new byte[12];
    for (int j = 0; j < 4; j++) {
      packed[j] = (byte) ((sc[j] & 63) | (sc[j + 4] >> 4) << 6);
      packed[j + 4] = (byte) ((mn[j] & 63) | (mn[j + 4] >> 4) << 6);
      packed[j + 8] = (byte) ((sc[j + 4] & 15) | (mn[j + 4] & 15) << 4);
    }
    b.put(packed);
    if (bits == 5) {
      byte[] qh = new byte[32];
      for (int k = 0; k < 256; k++) {
        int sub = k / 32;
        qh[k % 32] |= (byte) (((q[k] >> 4) & 1) << sub);
      }
      b.put(qh);
    }
    for (int g = 0; g < 4; g++) {
      for (int l = 0; l < 32; l++) {
        b.put((byte) ((q[64 * g + l] & 15) | (q[64 * g + 32 + l] & 15) << 4));
      }
    }
  }

  /** Element {@code i} (0..255) of the Q4_K or Q5_K block at {@code start}. */
  static float decodeK(ByteBuffer b, int start, int bits, int i) {
    float d = Float.float16ToFloat(b.getShort(start));
    float dmin = Float.float16ToFloat(b.getShort(start + 2));
    int sub = i / 32;
    int[] s = new int[12];
    for (int k = 0; k < 12; k++) {
      s[k] = b.get(start + 4 + k) & 0xFF;
    }
    int sc;
    int mn;
    if (sub < 4) {
      sc = s[sub] & 63;
      mn = s[sub + 4] & 63;
    } else {
      sc = (s[sub + 4] & 15) | (s[sub - 4] >> 6) << 4;
      mn = (s[sub + 4] >> 4) | (s[sub] >> 6) << 4;
    }
    int qs = start + 16 + (bits == 5 ? 32 : 0);
    int packed = b.get(qs + 32 * (i / 64) + i % 32) & 0xFF;
    int q = sub % 2 == 0 ? packed & 15 : packed >> 4;
    if (bits == 5) {
      q |= ((b.get(start + 16 + i % 32) >> sub) & 1) << 4;
    }
    return d * sc * q - dmin * mn;
  }

  /** Q6_K (210 bytes): ql, qh, int8 scales per 16, d. */
  static void encodeQ6_K(ByteBuffer b, float[] v, int at) {
    float[] scale = new float[16];
    for (int s = 0; s < 16; s++) {
      float amax = 0;
      float max = 0;
      for (int i = 0; i < 16; i++) {
        float x = v[at + 16 * s + i];
        if (Math.abs(x) > amax) {
          amax = Math.abs(x);
          max = x;
        }
      }
      scale[s] = max / -32f;
    }
    float amax = 0;
    for (float s : scale) {
      amax = Math.max(amax, Math.abs(s));
    }
    float d = Float.float16ToFloat(Float.floatToFloat16(amax / 127));
    int[] sc = new int[16];
    int[] q = new int[256];
    for (int s = 0; s < 16; s++) {
      sc[s] = d == 0 ? 0 : Math.max(-128, Math.min(127, Math.round(scale[s] / d)));
      float step = d * sc[s];
      for (int i = 0; i < 16; i++) {
        int k = 16 * s + i;
        q[k] = step == 0 ? 32 : Math.max(0, Math.min(63, Math.round(v[at + k] / step) + 32));
      }
    }
    byte[] ql = new byte[128];
    byte[] qh = new byte[64];
    for (int k = 0; k < 256; k++) {
      int half = k / 128;
      int quarter = (k % 128) / 32;
      int l = k % 32;
      int low = half * 64 + l + (quarter % 2 == 1 ? 32 : 0);
      ql[low] |= (byte) ((q[k] & 15) << (quarter < 2 ? 0 : 4));
      qh[half * 32 + l] |= (byte) (((q[k] >> 4) & 3) << (2 * quarter));
    }
    b.put(ql);
    b.put(qh);
    for (int s : sc) {
      b.put((byte) s);
    }
    b.putShort(Float.floatToFloat16(d));
  }

  /** Element {@code i} (0..255) of the Q6_K block at {@code start}. */
  static float decodeQ6_K(ByteBuffer b, int start, int i) {
    int half = i / 128;
    int quarter = (i % 128) / 32;
    int l = i % 32;
    int lowByte = b.get(start + half * 64 + l + (quarter % 2 == 1 ? 32 : 0)) & 0xFF;
    int low = quarter < 2 ? lowByte & 15 : lowByte >> 4;
    int high = ((b.get(start + 128 + half * 32 + l) & 0xFF) >> (2 * quarter)) & 3;
    int sc = b.get(start + 192 + half * 8 + l / 16 + 2 * quarter);
    float d = Float.float16ToFloat(b.getShort(start + 208));
    return d * sc * ((low | high << 4) - 32);
  }

  private static float max(float[] v) {
    float m = 0;
    for (float x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}
