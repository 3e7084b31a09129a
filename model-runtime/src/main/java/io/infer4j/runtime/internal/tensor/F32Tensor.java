package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/** Float32 elements, 4 bytes each, little-endian. */
public final class F32Tensor extends AbstractTensor {

  /** A view of {@code rows x cols} floats at the start of {@code data}. */
  public F32Tensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.F32);
  }

  @Override
  public GgmlType type() {
    return GgmlType.F32;
  }

  @Override
  public float get(long index) {
    return data.getAtIndex(Layouts.F32, java.util.Objects.checkIndex(index, size()));
  }

  @Override
  public void readRow(int row, float[] dst, int dstOffset) {
    checkRow(row, dst, dstOffset);
    MemorySegment.copy(data, Layouts.F32, (long) row * cols * 4, dst, dstOffset, cols);
  }
}
