package io.infer4j;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;

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
 * {@link StreamInterruptedException} with the partial text. An answer that arrived whole but is
 * not what the request asked for (a JSON answer not valid against its schema, a tool call with
 * invalid arguments) ends the iteration with {@link StructuredOutputException} instead of the end,
 * and {@link #response()} throws it too. Tool calls are assembled from a stream's pieces and
 * arrive whole in {@link InferenceResponse#toolCalls()}; they produce no chunks.
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
   * {@return the complete response} Consumes any chunks not yet read, so {@code stream(r).response()} is
   * the same as {@code generate(r)}.
   *
   * @throws InferenceException if generation failed
   */
  InferenceResponse response();

  /** Cancels the work if it is still running and releases its resources. Idempotent. */
  @Override
  void close();

  /**
   * {@return a stream of the given chunks, for stubbing a client in tests:
   * {@code when(client.stream(any())).thenReturn(InferenceStream.of("Once", " upon", " a time"))}}
   *
   * <p>Each string is one {@link TokenChunk} of one token, delivered without waiting, indexed from
   * 0. {@link #response()} is what {@link InferenceResponse#of(String)} gives for the chunks
   * joined, except that usage counts one completion token per chunk delivered. The stream keeps
   * this interface's contract: it can be iterated once, and closing it before every chunk was
   * delivered ends the iteration and makes the response's finish reason {@link
   * FinishReason#CANCELLED} with the text delivered so far. With no chunks it is an empty answer.
   * Being consumed once, one stream answers one call; stub several calls with {@code
   * thenAnswer(call -> InferenceStream.of(...))}.
   *
   * @param chunks the texts of the chunks, in order; each non-empty (a stream never delivers an
   *     empty chunk)
   * @throws NullPointerException if {@code chunks} or one of them is null
   * @throws IllegalArgumentException if a chunk is empty, naming its index
   */
  static InferenceStream of(String... chunks) {
    String[] copy = Objects.requireNonNull(chunks, "chunks").clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == null) {
        throw new NullPointerException("chunks[" + i + "]");
      }
      if (copy[i].isEmpty()) {
        throw new IllegalArgumentException(
            "chunks[" + i + "] is empty; a stream delivers only non-empty text");
      }
    }
    return new StubStream(List.of(copy));
  }
}
