package io.infer4j.runtime.internal.tensor;

/**
 * A read-only 1-D or 2-D tensor: {@code rows} rows of {@code cols} elements each, stored row-major
 * (GGUF's {@code ne[0]} is {@code cols}). Elements are returned as float32, dequantized on the fly.
 *
 * <p>Implementations are immutable and thread-safe; they read mapped memory that must stay open
 * while the view is used.
 */
public interface TensorView {

  /** The tensor's name in its file (for messages). */
  String name();

  /** The stored element type. */
  GgmlType type();

  /** Number of rows (1 for a vector). */
  int rows();

  /** Elements per row. */
  int cols();

  /** Total element count, {@code rows * cols}. */
  default long size() {
    return (long) rows() * cols();
  }

  /** Element {@code index} (row-major), dequantized. */
  float get(long index);

  /**
   * Dequantizes row {@code row} into {@code dst[dstOffset .. dstOffset + cols)}.
   *
   * @throws IndexOutOfBoundsException if {@code row} or the destination range is out of bounds
   */
  void readRow(int row, float[] dst, int dstOffset);

  /** The whole tensor as a new float array (for small vectors such as norm weights). */
  default float[] toFloatArray() {
    if (size() > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("tensor " + name() + " is too large to copy");
    }
    float[] out = new float[(int) size()];
    for (int r = 0; r < rows(); r++) {
      readRow(r, out, r * cols());
    }
    return out;
  }
}
