package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/** bfloat16 elements: the high 16 bits of a float32, 2 bytes each, little-endian. */
public final class BF16Tensor extends AbstractTensor {

  /** A view of {@code rows x cols} bfloat16 values at the start of {@code data}. */
  public BF16Tensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.BF16);
  }

  @Override
  public GgmlType type() {
    return GgmlType.BF16;
  }

  /** Widens a bfloat16 bit pattern to float32 (exact). */
  public static float toFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  @Override
  public float get(long index) {
    return toFloat(data.getAtIndex(Layouts.I16, java.util.Objects.checkIndex(index, size())));
  }

  @Override
  public void readRow(int row, float[] dst, int dstOffset) {
    checkRow(row, dst, dstOffset);
    long base = (long) row * cols;
    for (int j = 0; j < cols; j++) {
      dst[dstOffset + j] = toFloat(data.getAtIndex(Layouts.I16, base + j));
    }
  }
}
