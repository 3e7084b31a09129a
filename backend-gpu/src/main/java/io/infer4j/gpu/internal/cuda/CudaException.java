package io.infer4j.gpu.internal.cuda;

/**
 * A CUDA driver or NVRTC call failed: carries the call, the numeric result code and its name
 * ({@code CUDA_ERROR_OUT_OF_MEMORY}, {@code NVRTC_ERROR_COMPILATION}, ...). Unchecked; the backend
 * turns it into an {@link io.infer4j.BackendUnavailableException} at its boundary.
 */
public final class CudaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String call;
  private final int code;
  private final String errorName;

  /**
   * @param call the native function that failed, e.g. {@code cuMemAlloc}
   * @param code its result code
   * @param errorName the code's name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}
   * @param detail the library's description of the code, or extra context (may be empty)
   */
  public CudaException(String call, int code, String errorName, String detail) {
    super(call + " failed: " + errorName + " (" + code + ")"
        + (detail == null || detail.isBlank() ? "" : ": " + detail));
    this.call = call;
    this.code = code;
    this.errorName = errorName;
  }

  /** The native function that failed. */
  public String call() {
    return call;
  }

  /** The numeric result code. */
  public int code() {
    return code;
  }

  /** The result code's name. */
  public String errorName() {
    return errorName;
  }
}
