package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/**
 * GGML Q4_1: blocks of 32 elements in 20 bytes: fp16 scale {@code d}, fp16 minimum {@code m}, 16
 * bytes of nibbles (byte {@code j}: element {@code j} low, element {@code j + 16} high); element =
 * {@code nibble * d + m}.
 */
public final class Q4_1Tensor extends BlockTensor {
  /** A view of {@code rows x cols} elements ({@code cols} a multiple of 32). */
  public Q4_1Tensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.Q4_1);
  }

  @Override
  void decodeBlock(long block, float[] dst, int at) {
    long base = blockStart(block);
    float d = f16(base);
    float m = f16(base + 2);
    for (int j = 0; j < 16; j++) {
      int packed = u8(base + 4 + j);
      dst[at + j] = (packed & 0x0F) * d + m;
      dst[at + j + 16] = (packed >>> 4) * d + m;
    }
  }
}
