package io.infer4j.gpu;

/**
 * The model, its KV cache and working buffers need more device memory per GPU than the GPUs have.
 * The message names both byte counts and, where one exists, the GPU count that would fit.
 *
 * <p>Unchecked and not retryable: the same plan fails the same way. (Not an {@code
 * io.infer4j.InferenceException}: that family is sealed to the SDK core; a backend built on the
 * planner reports this as a configuration error.)
 */
public final class ModelDoesNotFitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Weights + KV cache + working buffers per GPU, in bytes. */
  private final long bytesNeededPerGpu;
  /** Device memory per GPU minus the runtime reserve, in bytes. */
  private final long bytesAvailablePerGpu;
  /** The GPU count asked for. */
  private final int gpus;
  /** The smallest GPU count within one node that fits, or 0 if none does. */
  private final int gpusThatFit;

  /**
   * Creates the exception.
   *
   * @param message the full explanation
   * @param bytesNeededPerGpu weights + KV cache + working buffers per GPU
   * @param bytesAvailablePerGpu device memory per GPU minus the runtime reserve
   * @param gpus the GPU count asked for
   * @param gpusThatFit the smallest GPU count within one node that fits, or 0 if none does
   */
  public ModelDoesNotFitException(
      String message, long bytesNeededPerGpu, long bytesAvailablePerGpu, int gpus, int gpusThatFit) {
    super(message);
    this.bytesNeededPerGpu = bytesNeededPerGpu;
    this.bytesAvailablePerGpu = bytesAvailablePerGpu;
    this.gpus = gpus;
    this.gpusThatFit = gpusThatFit;
  }

  /** {@return the bytes each GPU would need: weights, KV cache and working buffers} */
  public long bytesNeededPerGpu() {
    return bytesNeededPerGpu;
  }

  /** {@return the bytes each GPU has for the model after the runtime reserve} */
  public long bytesAvailablePerGpu() {
    return bytesAvailablePerGpu;
  }

  /** {@return the GPU count that was asked for} */
  public int gpus() {
    return gpus;
  }

  /** {@return the smallest GPU count (within one node) that fits, or 0 if none does} */
  public int gpusThatFit() {
    return gpusThatFit;
  }
}
