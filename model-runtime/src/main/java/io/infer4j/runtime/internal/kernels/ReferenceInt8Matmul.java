package io.infer4j.runtime.internal.kernels;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import java.lang.foreign.MemorySegment;

/**
 * The oracle of the int8 path: Q8_0 weights multiplied with activations quantized to Q8_0 ({@link
 * Q8Activations#quantize}, then {@link Q8Activations#dot}, plain loops), as llama.cpp does; every
 * other weight type as {@link ReferenceMatmul}. {@link VectorMatmul#int8()} is tested against it.
 * Stateless.
 */
public final class ReferenceInt8Matmul implements Matmul {
  private final Matmul floats = new ReferenceMatmul();

  @Override
  public void matmul(float[] out, TensorView w, float[] x) {
    MemorySegment seg = WeightSegments.of(w);
    if (w.type() != GgmlType.Q8_0 || seg == null) {
      floats.matmul(out, w, x);
      return;
    }
    MatmulArgs.check(out, w, x);
    int n = w.cols();
    long rowBytes = w.type().byteSize(n);
    Q8Activations q = Q8Activations.quantize(x, n);
    for (int i = 0; i < w.rows(); i++) {
      out[i] = q.dot(seg, i * rowBytes, n);
    }
  }
}
