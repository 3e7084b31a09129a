package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.kernels.Matmul;
import io.infer4j.runtime.internal.kernels.MatmulArgs;
import io.infer4j.runtime.internal.kernels.VectorMatmul;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.SegmentTensor;
import io.infer4j.runtime.internal.tensor.TensorView;

/**
 * The matmul of {@code KernelMode.VECTOR_INT8}: every block-quantized weight type meets activations
 * quantized as llama.cpp quantizes them. Q8_0 through {@link VectorMatmul#int8()} (16-bit lanes,
 * rows read in place, {@code RowPool} threads); Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K and Q6_K
 * through llama.cpp's own integer products ({@link QuantMulMat}, whose results equal its scalar
 * forms bit for bit; rows over the common pool); F32, F16 and BF16 weights in float as {@link
 * VectorMatmul}. Batches run one product per row and token (as llama.cpp does for these types), so
 * prompts are slower than {@code VECTOR}'s batched float path; decode on K-quants is faster (the
 * codes multiplied in 16-bit lanes instead of widened to floats). Thread-safe, stateless.
 */
public final class Int8Matmul implements Matmul {
  private final Matmul q8 = VectorMatmul.int8();

  /** Whether {@code w} takes llama.cpp's integer products here (quantized, not Q8_0). */
  static boolean integer(TensorView w) {
    return w.type() != GgmlType.Q8_0 && QuantMulMat.handles(w);
  }

  @Override
  public void matmul(float[] out, TensorView w, float[] x) {
    if (!integer(w)) {
      q8.matmul(out, w, x);
      return;
    }
    MatmulArgs.check(out, w, x);
    QuantMulMat.mul(new float[][] {out}, (SegmentTensor) w, new float[][] {x}, 1);
  }

  @Override
  public void matmulBatch(float[][] out, TensorView w, float[][] x, int count) {
    if (!integer(w)) {
      q8.matmulBatch(out, w, x, count);
      return;
    }
    MatmulArgs.checkCount(out, w, x, count);
    for (int t = 0; t < count; t++) {
      MatmulArgs.check(out[t], w, x[t]);
    }
    QuantMulMat.mul(out, (SegmentTensor) w, x, count);
  }
}
