package io.infer4j;

import java.util.Iterator;

/**
 * The chunks of one answer as they are generated, then the complete {@link InferenceResponse}.
 *
 * <pre>{@code
 * try (InferenceStream stream = client.stream(request)) {
 *   for (TokenChunk chunk : stream) {
 *     System.out.print(chunk.text());
 *   }
 *   InferenceResponse done = stream.response();
 * }
 * }</pre>
 *
 * <p><b>Ownership.</b> The caller owns the stream and must close it. Closing before the end
 * cancels the work behind it (the HTTP call, the decode loop) at the next token; {@link
 * #response()} then reports {@link FinishReason#CANCELLED}. Closing is idempotent.
 *
 * <p><b>Threads.</b> One consumer thread iterates; {@link #close()} may be called from any thread
 * (to cancel from a timeout or a UI action).
 *
 * <p><b>Errors.</b> Iteration and {@link #response()} throw {@link InferenceException}s: a
 * deadline passed, a backend failed; once chunks were delivered, a backend failure arrives as
 * {@link StreamInterruptedException} with the partial text.
 */
public interface InferenceStream extends Iterable<TokenChunk>, AutoCloseable {

  /**
   * The chunks, each blocking until it is available. Can be called once; the iterator ends when
   * the answer is complete or the stream was closed.
   *
   * @throws IllegalStateException when called a second time
   */
  @Override
  Iterator<TokenChunk> iterator();

  /**
   * The complete response. Consumes any chunks not yet read, so {@code stream(r).response()} is
   * the same as {@code generate(r)}.
   *
   * @throws InferenceException if generation failed
   */
  InferenceResponse response();

  /** Cancels the work if it is still running and releases its resources. Idempotent. */
  @Override
  void close();
}
