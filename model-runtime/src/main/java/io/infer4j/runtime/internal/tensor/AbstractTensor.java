package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** Shared state and checks of the segment-backed views. */
abstract sealed class AbstractTensor implements SegmentTensor
    permits F32Tensor, F16Tensor, BF16Tensor, BlockTensor {
  final String name;
  final MemorySegment data;
  final int rows;
  final int cols;

  AbstractTensor(String name, MemorySegment data, int rows, int cols, GgmlType type) {
    this.name = Objects.requireNonNull(name, "name");
    this.data = Objects.requireNonNull(data, "data");
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException("tensor " + name + " has shape " + rows + "x" + cols);
    }
    if (cols % type.blockSize() != 0) {
      throw new IllegalArgumentException(
          "tensor " + name + ": row length " + cols + " is not a multiple of " + type.blockSize());
    }
    long need = type.byteSize((long) rows * cols);
    if (need < 0 || data.byteSize() < need) {
      throw new IllegalArgumentException(
          "tensor " + name + " needs " + need + " bytes but the segment has " + data.byteSize());
    }
    this.rows = rows;
    this.cols = cols;
  }

  @Override
  public final MemorySegment segment() {
    return data;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int rows() {
    return rows;
  }

  @Override
  public final int cols() {
    return cols;
  }

  final void checkRow(int row, float[] dst, int dstOffset) {
    Objects.checkIndex(row, rows);
    Objects.checkFromIndexSize(dstOffset, cols, dst.length);
  }

  @Override
  public String toString() {
    return name + "[" + type() + " " + rows + "x" + cols + "]";
  }
}
