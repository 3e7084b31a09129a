package io.infer4j.spi;

import io.infer4j.InferenceException;
import io.infer4j.TokenChunk;

/**
 * One request being served by a {@link Backend}: a pull-based source of chunks. The SDK's client
 * drives it from the consumer's thread, measures the timing, enforces the deadline between
 * chunks and assembles the response, so a backend only produces text.
 *
 * <p><b>Contract.</b> {@link #next()} blocks until the next chunk, returns {@code null} when the
 * answer is complete, and honours the {@link Deadline} given to {@link Backend#start} in every
 * wait (throwing {@link io.infer4j.DeadlineExceededException} when it passes). After {@code null},
 * {@link #result()} describes the end. {@link #close()} may be called from any thread at any time,
 * must be idempotent, and makes a blocked or later {@code next()} return {@code null} promptly
 * (the decode loop stops at the next token, the HTTP call is cancelled). It must not block: the
 * SDK calls it from its deadline timer's thread, which ends every request's budget, the moment a
 * budget runs out.
 *
 * <p><b>Threads.</b> Calls to {@link #next()} and {@link #result()} never overlap, but they may
 * come from different threads one after another (the router pulls a first chunk on one of its
 * threads and the rest on the caller's); the caller ensures the happens-before edge between them.
 * A generation that needs thread-bound state (a CUDA context) binds it on every call.
 *
 * <p><b>Interruption.</b> A generation whose waiting thread is interrupted throws {@link
 * io.infer4j.BackendUnavailableException} and keeps the interrupt flag set; it never ends as if
 * the answer were complete.
 */
public interface Generation extends AutoCloseable {

  /**
   * {@return the next chunk, or {@code null} when the answer is complete or the generation was closed}
   *
   * @throws InferenceException when generation fails
   */
  TokenChunk next();

  /**
   * {@return how the generation ended} Called only after {@link #next()} returned {@code null} and not
   * after {@link #close()} interrupted it.
   */
  GenerationResult result();

  /**
   * {@return what is known of a generation that {@link #close()} ended before it was complete: the model,
   * and for a backend composed of others (the router) the instance that was serving and the
   * decision so far} Called only after close() interrupted it; its finish reason is ignored (the
   * response says {@code CANCELLED}). Empty when the backend knows nothing beyond the request.
   */
  default java.util.Optional<GenerationResult> cancelled() {
    return java.util.Optional.empty();
  }

  /** Cancels the work if still running and releases its resources. Thread-safe, idempotent. */
  @Override
  void close();
}
