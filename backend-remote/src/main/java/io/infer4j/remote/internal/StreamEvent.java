package io.infer4j.remote.internal;

/**
 * What an HTTP attempt hands from OkHttp's callback thread to the consumer thread, through the
 * attempt's bounded queue.
 */
sealed interface StreamEvent {

  /** A JSON payload: one SSE {@code data:} event, or ({@code whole}) a whole non-streaming body. */
  record Payload(String json, boolean whole, long atNanos) implements StreamEvent {}

  /** The response ended: with {@code data: [DONE]} (or a whole body), or at a clean EOF. */
  record End(boolean sawDone, long atNanos) implements StreamEvent {}

  /** The attempt failed. */
  record Failed(AttemptFailure failure) implements StreamEvent {}

  /** Wakes the consumer after {@code close()}; carries nothing. */
  record Wake() implements StreamEvent {}
}
