package io.infer4j.gpu.internal.cuda;

import io.infer4j.runtime.internal.tensor.GgmlType;

/**
 * The prompt path's matrix-matrix products on the tensor cores, through {@link Cublas} (the context must have it): {@code out
 * (n, rows) = x (n, cols) @ W^T} for a whole batch of prompt tokens at once, where the matvec
 * kernels would read the weights once per token. Operands by weight type:
 *
 * <ul>
 *   <li>F16: the weights as stored; x rounded to half; float32 accumulation.
 *   <li>Q8_0, Q4_0: the matrix dequantized to half into a scratch buffer first (one pass over the
 *       weights, as llama.cpp's cuBLAS path does), then as F16.
 *   <li>BF16: the weights as stored; x rounded to bfloat16.
 *   <li>F32: both as stored, multiplied as TF32.
 * </ul>
 *
 * Half and bfloat16 operands round x to 11 and 8 significant bits, so results differ from the
 * float32 matvec kernels by that rounding (tested against them with a stated tolerance). Owns its
 * scratch buffers; not thread-safe (one per sequence).
 */
final class PromptGemm implements AutoCloseable {
  private final CudaContext cuda;
  private final DeviceBuffer weightsHalf; // the largest quantized matrix, as halves
  private final DeviceBuffer input; // x converted: maxBatch * maxCols halves (or bf16)

  /**
   * @param maxQuantizedElements the most elements of a Q8_0/Q4_0 matrix it will multiply (0 when
   *     none)
   * @param maxInputElements the most {@code n * cols} of an input
   */
  PromptGemm(CudaContext cuda, long maxQuantizedElements, long maxInputElements) {
    this.cuda = cuda;
    this.weightsHalf = cuda.allocate(Math.max(2, 2 * maxQuantizedElements));
    try {
      this.input = cuda.allocate(Math.max(2, 2 * maxInputElements));
    } catch (RuntimeException e) {
      weightsHalf.close();
      throw e;
    }
  }

  /** Device bytes of the scratch buffers. */
  long byteSize() {
    return weightsHalf.byteSize() + input.byteSize();
  }

  /** Whether the product of {@code m} runs here (its type has a tensor-core operand). */
  static boolean supports(DeviceMatrix m) {
    return switch (m.type()) {
      case F32, F16, BF16, Q8_0, Q4_0 -> true;
      default -> false;
    };
  }

  /**
   * Launches {@code out (n, rows) = x (n, cols) @ m^T}, or {@code out += ...} when {@code
   * accumulate} (the residual add), asynchronously.
   */
  void product(DeviceMatrix m, long x, long out, int n, boolean accumulate) {
    int rows = m.rows();
    int cols = m.cols();
    long elements = (long) n * cols;
    if (elements > Integer.MAX_VALUE || 2 * elements > input.byteSize()) {
      throw new IllegalArgumentException("a batch of " + n + " x " + cols
          + " exceeds the prompt path's input buffer");
    }
    GgmlType type = m.type();
    switch (type) {
      case F32 -> cuda.gemm(Cublas.InputType.F32, rows, n, cols, m.weights(), x, out,
          accumulate);
      case BF16 -> {
        cuda.launch("to_bf16", LaunchConfig.elementwise((int) elements), x, input.pointer(),
            (int) elements);
        cuda.gemm(Cublas.InputType.BF16, rows, n, cols, m.weights(), input.pointer(), out,
            accumulate);
      }
      case F16, Q8_0, Q4_0 -> {
        long w = m.weights();
        if (type != GgmlType.F16) {
          if (2L * rows * cols > weightsHalf.byteSize()) {
            throw new IllegalArgumentException(m + " is larger than the prompt path's scratch");
          }
          m.dequantizeToHalf(cuda, weightsHalf.pointer());
          w = weightsHalf.pointer();
        }
        cuda.launch("to_f16", LaunchConfig.elementwise((int) elements), x, input.pointer(),
            (int) elements);
        cuda.gemm(Cublas.InputType.F16, rows, n, cols, w, input.pointer(), out, accumulate);
      }
      default -> throw new IllegalArgumentException(m + ": no tensor-core operand for " + type);
    }
  }

  @Override
  public void close() {
    try {
      weightsHalf.close();
    } finally {
      input.close();
    }
  }
}
