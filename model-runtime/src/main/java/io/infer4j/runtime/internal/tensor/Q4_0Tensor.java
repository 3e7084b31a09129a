package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * GGML Q4_0: blocks of 32 elements, each block 18 bytes: an fp16 scale {@code d}, then 16 bytes of
 * nibbles. Byte {@code j}'s low nibble is element {@code j}, its high nibble element {@code j +
 * 16}; element = {@code (nibble - 8) * d}.
 */
public final class Q4_0Tensor extends AbstractTensor {
  private static final int BLOCK = 32;
  private static final int BLOCK_BYTES = 18;

  /** A view of {@code rows x cols} elements ({@code cols} a multiple of 32). */
  public Q4_0Tensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.Q4_0);
  }

  @Override
  public GgmlType type() {
    return GgmlType.Q4_0;
  }

  private float scale(long block) {
    return Float.float16ToFloat(data.get(Layouts.I16, block * BLOCK_BYTES));
  }

  private int nibble(long block, int i) {
    int b = data.get(ValueLayout.JAVA_BYTE, block * BLOCK_BYTES + 2 + (i % 16)) & 0xFF;
    return i < 16 ? b & 0x0F : b >>> 4;
  }

  @Override
  public float get(long index) {
    java.util.Objects.checkIndex(index, size());
    long block = index / BLOCK;
    return (nibble(block, (int) (index % BLOCK)) - 8) * scale(block);
  }

  @Override
  public void readRow(int row, float[] dst, int dstOffset) {
    checkRow(row, dst, dstOffset);
    long firstBlock = (long) row * (cols / BLOCK);
    for (int b = 0; b < cols / BLOCK; b++) {
      float d = scale(firstBlock + b);
      long base = (firstBlock + b) * BLOCK_BYTES + 2;
      int out = dstOffset + b * BLOCK;
      for (int j = 0; j < 16; j++) {
        int packed = data.get(ValueLayout.JAVA_BYTE, base + j) & 0xFF;
        dst[out + j] = ((packed & 0x0F) - 8) * d;
        dst[out + j + 16] = ((packed >>> 4) - 8) * d;
      }
    }
  }
}
