package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/** IEEE half-precision elements, 2 bytes each, little-endian. */
public final class F16Tensor extends AbstractTensor {

  /** A view of {@code rows x cols} halves at the start of {@code data}. */
  public F16Tensor(String name, MemorySegment data, int rows, int cols) {
    super(name, data, rows, cols, GgmlType.F16);
  }

  @Override
  public GgmlType type() {
    return GgmlType.F16;
  }

  @Override
  public float get(long index) {
    return Float.float16ToFloat(
        data.getAtIndex(Layouts.I16, java.util.Objects.checkIndex(index, size())));
  }

  @Override
  public void readRow(int row, float[] dst, int dstOffset) {
    checkRow(row, dst, dstOffset);
    short[] halves = new short[cols];
    MemorySegment.copy(data, Layouts.I16, (long) row * cols * Short.BYTES, halves, 0, cols);
    for (int j = 0; j < cols; j++) {
      dst[dstOffset + j] = Float.float16ToFloat(halves[j]);
    }
  }
}
