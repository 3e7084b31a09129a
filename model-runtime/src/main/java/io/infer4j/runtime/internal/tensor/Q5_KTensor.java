package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/**
 * GGML Q5_K: super-blocks of 256 elements in 176 bytes: fp16 {@code d}, fp16 {@code dmin}, 12
 * bytes of (scale, min) pairs ({@link KQuantScales}), 32 bytes {@code qh} of high bits, 128 bytes
 * of low nibbles laid out as in Q4_K. Element {@code l} of the 32 in sub-block {@code k} (0..7)
 * takes its fifth bit from bit {@code k} of {@code qh[l]}; element = {@code d * scale * q5 - dmin *
 * min}.
 */
public final class Q5_KTensor extends BlockTensor {
  /** A view of {@code rows x cols} elements ({@code cols} a multiple of 256). */
  public Q5_KTensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.Q5_K);
  }

  @Override
  void decodeBlock(long block, float[] dst, int at) {
    long base = blockStart(block);
    float d = f16(base);
    float dmin = f16(base + 2);
    long s = base + 4;
    long qh = base + 16;
    long qs = base + 48;
    for (int g = 0; g < 4; g++) {
      float d1 = d * KQuantScales.scale(data, s, 2 * g);
      float m1 = dmin * KQuantScales.min(data, s, 2 * g);
      float d2 = d * KQuantScales.scale(data, s, 2 * g + 1);
      float m2 = dmin * KQuantScales.min(data, s, 2 * g + 1);
      int out = at + 64 * g;
      for (int l = 0; l < 32; l++) {
        int packed = u8(qs + 32 * g + l);
        int high = u8(qh + l);
        int lo = (packed & 0x0F) | ((high >>> (2 * g)) & 1) << 4;
        int hi = (packed >>> 4) | ((high >>> (2 * g + 1)) & 1) << 4;
        dst[out + l] = d1 * lo - m1;
        dst[out + 32 + l] = d2 * hi - m2;
      }
    }
  }
}
