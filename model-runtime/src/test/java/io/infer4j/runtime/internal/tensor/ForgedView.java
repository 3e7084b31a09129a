package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/**
 * A view that misreports {@code real}: its columns are {@code cols} and its segment holds only the
 * first {@code bytes} of the real one. What a damaged file or a foreign {@link SegmentTensor}
 * could hand a kernel, which {@code TensorViews} would refuse to build: for the tests of the
 * checks that guard against it.
 *
 * @param real the view answered for everything else
 * @param cols the columns reported
 * @param bytes the most bytes the reported segment holds
 */
public record ForgedView(SegmentTensor real, int cols, long bytes) implements SegmentTensor {
  @Override
  public MemorySegment segment() {
    return real.segment().asSlice(0, Math.min(bytes, real.segment().byteSize()));
  }

  @Override
  public String name() {
    return "forged";
  }

  @Override
  public GgmlType type() {
    return real.type();
  }

  @Override
  public int rows() {
    return real.rows();
  }

  @Override
  public float get(long index) {
    return real.get(index);
  }

  @Override
  public void readRow(int row, float[] dst, int dstOffset) {
    real.readRow(row, dst, dstOffset);
  }
}
