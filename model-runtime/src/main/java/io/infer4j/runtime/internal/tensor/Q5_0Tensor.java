package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/**
 * GGML Q5_0: blocks of 32 elements in 22 bytes: fp16 scale {@code d}, a 32-bit word {@code qh}
 * whose bit {@code i} is the fifth (high) bit of element {@code i}, then 16 bytes of low nibbles
 * laid out as in Q4_0; element = {@code (q5 - 16) * d}.
 */
public final class Q5_0Tensor extends BlockTensor {
  /** A view of {@code rows x cols} elements ({@code cols} a multiple of 32). */
  public Q5_0Tensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.Q5_0);
  }

  @Override
  void decodeBlock(long block, float[] dst, int at) {
    long base = blockStart(block);
    float d = f16(base);
    int qh = u32(base + 2);
    for (int j = 0; j < 16; j++) {
      int packed = u8(base + 6 + j);
      int lo = (packed & 0x0F) | ((qh >>> j) & 1) << 4;
      int hi = (packed >>> 4) | ((qh >>> (j + 16)) & 1) << 4;
      dst[at + j] = (lo - 16) * d;
      dst[at + j + 16] = (hi - 16) * d;
    }
  }
}
