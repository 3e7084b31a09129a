package io.infer4j.runtime.internal.ggml;

import io.infer4j.runtime.internal.kernels.Matmul;
import io.infer4j.runtime.internal.kernels.MatmulArgs;
import io.infer4j.runtime.internal.kernels.RowPool;
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
  private static final int GRAIN = 16; // rows per slice boundary
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
    if (q4K(w)) {
      q4KRows((SegmentTensor) w, new float[][] {out}, new float[][] {x}, 1);
      return;
    }
    QuantMulMat.mul(new float[][] {out}, (SegmentTensor) w, new float[][] {x}, 1);
  }

  /** Whether {@code w} takes {@link Q4KInt8Rows} (Q4_K, 256-bit vectors). */
  static boolean q4K(TensorView w) {
    return w.type() == GgmlType.Q4_K && VectorChoice.ENABLED;
  }

  private static void q4KRows(SegmentTensor w, float[][] out, float[][] x, int count) {
    int k = w.cols();
    Q4KInt8Rows.Activations[] a = new Q4KInt8Rows.Activations[count];
    for (int t = 0; t < count; t++) {
      a[t] = Q4KInt8Rows.Activations.quantize(x[t], k);
    }
    long rowBytes = (long) (k / Q4KInt8Rows.SUPER_BLOCK) * Q4KInt8Rows.BLOCK_BYTES;
    java.lang.foreign.MemorySegment seg = w.segment();
    RowPool.forRows(w.rows(), GRAIN, (from, to) -> {
      Q4KInt8Rows.Scratch scratch = Q4KInt8Rows.Scratch.forColumns(k);
      for (int r = from; r < to; r++) {
        if (count == 1) {
          out[0][r] = Q4KInt8Rows.dot(seg, r * rowBytes, a[0], k, scratch);
        } else {
          Q4KInt8Rows.dots(seg, r * rowBytes, a, count, k, scratch, out, r);
        }
      }
    });
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
    if (q4K(w)) {
      q4KRows((SegmentTensor) w, out, x, count);
      return;
    }
    QuantMulMat.mul(out, (SegmentTensor) w, x, count);
  }
}
