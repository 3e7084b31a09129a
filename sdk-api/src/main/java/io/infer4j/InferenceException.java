package io.infer4j;

/**
 * The one family of failures an {@link InferenceClient} reports. Every failure a caller can see is
 * one of the permitted subclasses, so a {@code switch} or {@code instanceof} chain over them is
 * complete.
 *
 * <p>Instances are unchecked: inference is usually called from code that cannot do anything
 * better than propagate. {@link #isRetryable()} tells whether the same request may succeed if sent
 * again (perhaps to another backend); the router and the remote backend's retry loop rely on it.
 */
public abstract sealed class InferenceException extends RuntimeException
    permits InvalidRequestException,
        InvalidConfigurationException,
        BackendUnavailableException,
        RateLimitedException,
        DeadlineExceededException,
        ModelNotFoundException,
        ModelFormatException,
        StreamInterruptedException {

  private static final long serialVersionUID = 1L;

  InferenceException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether sending the same request again (here or elsewhere) may succeed. */
  public abstract boolean isRetryable();
}
