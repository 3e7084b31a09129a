package io.infer4j;

/** Why generation ended. */
public enum FinishReason {
  /** The model produced an end-of-sequence token (or the server said {@code stop}). */
  STOP,
  /** One of the request's stop strings was produced. */
  STOP_SEQUENCE,
  /** {@link Sampling#maxTokens()} was reached. */
  LENGTH,
  /** The model's context window is full. */
  CONTEXT_LENGTH,
  /** A server-side content filter ended the answer. */
  CONTENT_FILTER,
  /** The stream ended cleanly but without saying why (no finish reason, no end marker). */
  INCOMPLETE,
  /** The model called tools ({@link InferenceResponse#toolCalls()}); run them and send the results. */
  TOOL_CALLS,
  /** The caller closed the stream or cancelled the request before it finished. */
  CANCELLED
}
