package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/**
 * GGML Q4_0: blocks of 32 elements, each block 18 bytes: an fp16 scale {@code d}, then 16 bytes of
 * nibbles. Byte {@code j}'s low nibble is element {@code j}, its high nibble element {@code j +
 * 16}; element = {@code (nibble - 8) * d}.
 */
public final class Q4_0Tensor extends BlockTensor {

  /** A view of {@code rows x cols} elements ({@code cols} a multiple of 32). */
  public Q4_0Tensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.Q4_0);
  }

  @Override
  void decodeBlock(long block, float[] dst, int at) {
    long base = blockStart(block);
    float d = f16(base);
    for (int j = 0; j < 16; j++) {
      int packed = u8(base + 2 + j);
      dst[at + j] = ((packed & 0x0F) - 8) * d;
      dst[at + j + 16] = ((packed >>> 4) - 8) * d;
    }
  }
}
