package io.infer4j;

/**
 * The backend could not serve the request: a connection failed, a server answered 5xx, a device is
 * missing, the backend was closed. {@link #isRetryable()} says whether another attempt may help.
 */
public final class BackendUnavailableException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** The configured instance name of the backend that failed. */
  private final String backend;
  /** Whether another attempt may help. */
  private final boolean retryable;

  /**
   * A failure without a cause.
   *
   * @param backend the configured instance name of the backend that failed
   * @param message what failed, for a person (the connection error, the server's status)
   * @param retryable whether another attempt may help: {@code true} for a dropped connection or a
   *     5xx, {@code false} for a closed backend or a missing device
   */
  public BackendUnavailableException(String backend, String message, boolean retryable) {
    this(backend, message, retryable, null);
  }

  /**
   * A failure with its cause.
   *
   * @param backend the configured instance name of the backend that failed
   * @param message what failed, for a person (the connection error, the server's status)
   * @param retryable whether another attempt may help: {@code true} for a dropped connection or a
   *     5xx, {@code false} for a closed backend or a missing device
   * @param cause the underlying exception (an {@code IOException}, say), or {@code null}
   */
  public BackendUnavailableException(
      String backend, String message, boolean retryable, Throwable cause) {
    super("backend '" + backend + "' unavailable: " + message, cause);
    this.backend = backend;
    this.retryable = retryable;
  }

  /** {@return the name of the backend instance that failed} */
  public String backend() {
    return backend;
  }

  @Override
  public boolean isRetryable() {
    return retryable;
  }

  private BackendUnavailableException(BackendUnavailableException from, RouteDecision route) {
    super(from, route);
    this.backend = from.backend;
    this.retryable = from.retryable;
  }

  @Override
  BackendUnavailableException copyWith(RouteDecision route) {
    return new BackendUnavailableException(this, route);
  }
}
