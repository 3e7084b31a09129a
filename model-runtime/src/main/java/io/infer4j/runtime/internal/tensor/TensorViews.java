package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/** Creates the view class that matches a {@link GgmlType}. */
public final class TensorViews {
  private TensorViews() {}

  /**
   * A view of {@code rows x cols} elements of {@code type} at the start of {@code data}.
   *
   * @throws IllegalArgumentException if the shape does not fit the type's blocks or the segment
   */
  public static TensorView of(String name, GgmlType type, MemorySegment data, int rows, int cols) {
    return switch (type) {
      case F32 -> new F32Tensor(name, data, rows, cols);
      case F16 -> new F16Tensor(name, data, rows, cols);
      case BF16 -> new BF16Tensor(name, data, rows, cols);
      case Q8_0 -> new Q8_0Tensor(name, data, rows, cols);
      case Q4_0 -> new Q4_0Tensor(name, data, rows, cols);
      case Q4_1 -> new Q4_1Tensor(name, data, rows, cols);
      case Q5_0 -> new Q5_0Tensor(name, data, rows, cols);
      case Q5_1 -> new Q5_1Tensor(name, data, rows, cols);
      case Q4_K -> new Q4_KTensor(name, data, rows, cols);
      case Q5_K -> new Q5_KTensor(name, data, rows, cols);
      case Q6_K -> new Q6_KTensor(name, data, rows, cols);
    };
  }
}
