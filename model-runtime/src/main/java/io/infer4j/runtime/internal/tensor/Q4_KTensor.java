package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/**
 * GGML Q4_K: super-blocks of 256 elements in 144 bytes: fp16 {@code d}, fp16 {@code dmin}, 12
 * bytes of (scale, min) pairs ({@link KQuantScales}), 128 bytes of nibbles. Each 64 elements use
 * 32 bytes: the low nibbles are the first 32 elements (pair {@code 2g}), the high nibbles the next
 * 32 (pair {@code 2g + 1}); element = {@code d * scale * nibble - dmin * min}.
 */
public final class Q4_KTensor extends BlockTensor {
  /** A view of {@code rows x cols} elements ({@code cols} a multiple of 256). */
  public Q4_KTensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.Q4_K);
  }

  @Override
  void decodeBlock(long block, float[] dst, int at) {
    long base = blockStart(block);
    float d = f16(base);
    float dmin = f16(base + 2);
    long s = base + 4;
    long qs = base + 16;
    for (int g = 0; g < 4; g++) {
      float d1 = d * KQuantScales.scale(data, s, 2 * g);
      float m1 = dmin * KQuantScales.min(data, s, 2 * g);
      float d2 = d * KQuantScales.scale(data, s, 2 * g + 1);
      float m2 = dmin * KQuantScales.min(data, s, 2 * g + 1);
      int out = at + 64 * g;
      for (int l = 0; l < 32; l++) {
        int packed = u8(qs + 32 * g + l);
        dst[out + l] = d1 * (packed & 0x0F) - m1;
        dst[out + 32 + l] = d2 * (packed >>> 4) - m2;
      }
    }
  }
}
