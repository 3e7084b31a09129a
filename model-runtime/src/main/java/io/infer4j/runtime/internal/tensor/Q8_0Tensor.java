package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * GGML Q8_0: blocks of 32 elements, each block 34 bytes: an fp16 scale {@code d}, then 32 signed
 * bytes {@code q}; element = {@code q * d}.
 */
public final class Q8_0Tensor extends AbstractTensor {
  private static final int BLOCK = 32;
  private static final int BLOCK_BYTES = 34;

  /** A view of {@code rows x cols} elements ({@code cols} a multiple of 32). */
  public Q8_0Tensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.Q8_0);
  }

  @Override
  public GgmlType type() {
    return GgmlType.Q8_0;
  }

  /** The fp16 scale of block {@code block} (counted over the whole tensor), as float32. */
  public float scale(long block) {
    return Float.float16ToFloat(data.get(Layouts.I16, block * BLOCK_BYTES));
  }

  /** The int8 quant {@code i} (0..31) of block {@code block}. */
  public byte quant(long block, int i) {
    return data.get(ValueLayout.JAVA_BYTE, block * BLOCK_BYTES + 2 + i);
  }

  @Override
  public float get(long index) {
    java.util.Objects.checkIndex(index, size());
    long block = index / BLOCK;
    return quant(block, (int) (index % BLOCK)) * scale(block);
  }

  @Override
  public void readRow(int row, float[] dst, int dstOffset) {
    checkRow(row, dst, dstOffset);
    long firstBlock = (long) row * (cols / BLOCK);
    for (int b = 0; b < cols / BLOCK; b++) {
      float d = scale(firstBlock + b);
      long base = (firstBlock + b) * BLOCK_BYTES + 2;
      for (int i = 0; i < BLOCK; i++) {
        dst[dstOffset + b * BLOCK + i] = data.get(ValueLayout.JAVA_BYTE, base + i) * d;
      }
    }
  }
}
