package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A Q4_K matrix that also carries its rows regrouped for {@link Q4KLaneDots} ({@link
 * Q4KLaneLayout}): {@link Int8Matmul} multiplies those; everything else (element reads, row
 * dequantization, other kernels) reads {@code source}, to which this view answers the same.
 * Immutable; {@code groups} lives as long as the arena it was built in.
 *
 * @param source the matrix as the file holds it
 * @param groups the same rows regrouped, one segment per group (not copied: callers do not
 *     modify it)
 */
record Q4KLaneTensor(SegmentTensor source, MemorySegment[] groups) implements SegmentTensor {
  Q4KLaneTensor {
    if (source.type() != GgmlType.Q4_K) {
      throw new IllegalArgumentException(
          "lane groups hold Q4_K rows, " + source.name() + " is " + source.type());
    }
  }

  /** {@code source} with its rows regrouped into a segment of {@code arena}. */
  static Q4KLaneTensor of(SegmentTensor source, Arena arena) {
    return new Q4KLaneTensor(source,
        Q4KLaneLayout.regroup(source.segment(), source.rows(), source.cols(), arena));
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public GgmlType type() {
    return GgmlType.Q4_K;
  }

  @Override
  public int rows() {
    return source.rows();
  }

  @Override
  public int cols() {
    return source.cols();
  }

  @Override
  public float get(long index) {
    return source.get(index);
  }

  @Override
  public void readRow(int row, float[] dst, int dstOffset) {
    source.readRow(row, dst, dstOffset);
  }

  @Override
  public MemorySegment segment() {
    return source.segment();
  }
}
