package io.infer4j.runtime.internal.tensor;

import java.lang.foreign.MemorySegment;

/** A tensor view backed by a memory segment that fast kernels may read in place. */
public interface SegmentTensor extends TensorView {

  /**
   * The raw bytes of the tensor from byte 0, in the layout of its {@link #type()} (little-endian
   * floats and halves, GGML blocks for the quantized types), row-major.
   */
  MemorySegment segment();
}
