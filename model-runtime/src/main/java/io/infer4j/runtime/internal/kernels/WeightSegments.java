package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.MemorySegment;

/**
 * The raw bytes behind a segment-backed tensor view, so the fast kernels can read quantized blocks
 * in place. Thread-safe.
 */
final class WeightSegments {

  private WeightSegments() {}

  /**
   * The segment holding {@code w}'s elements from byte 0, or {@code null} if {@code w} is not
   * segment-backed (tests may pass views of their own; the kernels then take the generic path).
   */
  static MemorySegment of(TensorView w) {
    return w instanceof SegmentTensor s ? s.segment() : null;
  }
}
