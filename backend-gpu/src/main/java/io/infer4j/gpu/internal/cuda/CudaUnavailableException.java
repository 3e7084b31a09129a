package io.infer4j.gpu.internal.cuda;

/**
 * CUDA cannot be used on this machine: the driver or NVRTC library is missing, or no device is
 * present. The message says which, and what was tried.
 */
public final class CudaUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what is missing and where it was looked for */
  public CudaUnavailableException(String message) {
    super(message);
  }

  /**
   * @param message what failed
   * @param cause the underlying failure
   */
  public CudaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
