package io.infer4j;

/**
 * A response broke off after some of it had been delivered (a connection dropped mid-stream, a
 * server sent an error inside the stream). The text delivered so far is in {@link #partialText()}.
 * Not retryable by the SDK: tokens were already handed to the caller.
 */
public final class StreamInterruptedException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** The text delivered before the stream broke; empty when none. */
  private final String partialText;

  /**
   * A stream that broke off.
   *
   * @param message what happened, for a person (the connection error, the server's error event)
   * @param partialText the text delivered before the stream broke; {@code null} for none
   * @param cause the underlying exception, or {@code null}
   */
  public StreamInterruptedException(String message, String partialText, Throwable cause) {
    super("stream interrupted: " + message, cause);
    this.partialText = partialText == null ? "" : partialText;
  }

  /** {@return the text delivered before the stream broke} */
  public String partialText() {
    return partialText;
  }

  @Override
  public boolean isRetryable() {
    return false;
  }

  private StreamInterruptedException(StreamInterruptedException from, RouteDecision route) {
    super(from, route);
    this.partialText = from.partialText;
  }

  @Override
  StreamInterruptedException copyWith(RouteDecision route) {
    return new StreamInterruptedException(this, route);
  }
}
