package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/**
 * GGML Q8_0: blocks of 32 elements, each block 34 bytes: an fp16 scale {@code d}, then 32 signed
 * bytes {@code q}; element = {@code q * d}.
 */
public final class Q8_0Tensor extends BlockTensor {

  /** A view of {@code rows x cols} elements ({@code cols} a multiple of 32). */
  public Q8_0Tensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.Q8_0);
  }

  /** The fp16 scale of block {@code block} (counted over the whole tensor), as float32. */
  public float scale(long block) {
    return f16(blockStart(block));
  }

  /** The int8 quant {@code i} (0..31) of block {@code block}. */
  public byte quant(long block, int i) {
    return (byte) i8(blockStart(block) + 2 + i);
  }

  @Override
  void decodeBlock(long block, float[] dst, int at) {
    long base = blockStart(block);
    float d = f16(base);
    for (int i = 0; i < 32; i++) {
      dst[at + i] = i8(base + 2 + i) * d;
    }
  }
}
