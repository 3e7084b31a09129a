package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/**
 * GGML Q5_1: blocks of 32 elements in 24 bytes: fp16 scale {@code d}, fp16 minimum {@code m}, the
 * 32 high bits as in Q5_0, then 16 bytes of low nibbles; element = {@code q5 * d + m}.
 */
public final class Q5_1Tensor extends BlockTensor {
  /** A view of {@code rows x cols} elements ({@code cols} a multiple of 32). */
  public Q5_1Tensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.Q5_1);
  }

  @Override
  void decodeBlock(long block, float[] dst, int at) {
    long base = blockStart(block);
    float d = f16(base);
    float m = f16(base + 2);
    int qh = u32(base + 4);
    for (int j = 0; j < 16; j++) {
      int packed = u8(base + 8 + j);
      int lo = (packed & 0x0F) | ((qh >>> j) & 1) << 4;
      int hi = (packed >>> 4) | ((qh >>> (j + 16)) & 1) << 4;
      dst[at + j] = lo * d + m;
      dst[at + j + 16] = hi * d + m;
    }
  }
}
