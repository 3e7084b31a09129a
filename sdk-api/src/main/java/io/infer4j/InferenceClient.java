package io.infer4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The one interface an application codes against. Every backend, the router and the test fake
 * implement it, so the same code runs on an in-process simulator, a GPU or a remote cloud, and a
 * unit test can mock it with Mockito.
 *
 * <p>Obtain one from {@link InferenceClients} (configuration or plain Java), or inject it with
 * {@code infer4j-sdk-cdi}.
 *
 * <p><b>Threads.</b> Implementations are immutable after construction and safe to share between
 * threads; concurrent requests are independent.
 *
 * <p><b>Validation and deadlines.</b> A request whose budget has a deadline already in the past is
 * rejected with {@link InvalidRequestException} before any work (every other check happens when
 * the request is built). The request's {@link LatencyBudget} starts counting when a method here
 * is called and bounds everything that follows. When it runs out, a timer on the SDK's own
 * thread cancels the work (the HTTP call, the decode loop) and fails the request with {@link
 * DeadlineExceededException}: a caller waiting for a chunk or a future is woken by that
 * cancellation, whatever its own thread is waiting on.
 *
 * <p><b>Ownership.</b> The client owns its backend's resources (connections, device memory,
 * mapped model files); {@link #close()} releases them. Requests after close fail with {@link
 * BackendUnavailableException}.
 */
public interface InferenceClient extends AutoCloseable {

  /**
   * {@return the configured instance name of the backend behind this client ({@code "fake"}, {@code
   * "groq"}, {@code "router"})} It is what {@link InferenceResponse#backend()} reports.
   */
  String name();

  /**
   * Generates the whole answer, blocking the calling thread.
   *
   * @param request a request built with {@link InferenceRequest#builder()}
   * @return the complete answer
   * @throws InferenceException on any failure; see its permitted subclasses
   */
  InferenceResponse generate(InferenceRequest request);

  /**
   * Generates in the background, on the SDK's default executor: a pool shared by every client, of
   * at most 64 daemon threads (each request blocks one until its answer is complete or its budget
   * runs out) and a line of at most 1,024 requests waiting for one. A request that finds the line
   * full fails at once with a retryable {@link BackendUnavailableException} that names these
   * limits; pass an executor sized for the load to {@link #generateAsync(InferenceRequest,
   * Executor)} instead (a virtual-thread executor on Java 21+). Threads idle for 5 s end.
   *
   * <p>Cancelling the returned future cancels the work behind it. Failures complete the future
   * exceptionally with an {@link InferenceException}; a request that fails validation gives a
   * future that has already failed. A request whose budget runs out fails with {@link
   * DeadlineExceededException} at that moment, also while it waits in line (it then leaves the
   * line).
   *
   * <p><b>Threads.</b> A future that its budget ends is completed on the SDK's timer thread, which
   * ends every request's budget: dependent stages added with the non-async methods ({@code
   * whenComplete}, {@code exceptionally}, ...) may run there, so keep them short and non-blocking,
   * or use the {@code ...Async} variants.
   *
   * @param request a request built with {@link InferenceRequest#builder()}
   * @return the answer when complete; failed with an {@link InferenceException} on any failure
   */
  CompletableFuture<InferenceResponse> generateAsync(InferenceRequest request);

  /**
   * Generates in the background on a thread of {@code executor}: an application's bounded pool, or
   * a virtual-thread executor on Java 21+. The task blocks its thread until the answer is complete
   * (or the request's deadline passes), so size a bounded pool for the requests in flight. The
   * one-argument form uses the SDK's own bounded pool (see {@link
   * #generateAsync(InferenceRequest)}).
   *
   * <p>Cancelling the returned future cancels the work behind it. If {@code executor} rejects the
   * task, the future fails with a retryable {@link BackendUnavailableException}; a request that
   * fails validation gives a future that has already failed, without using the executor. The
   * budget runs out on time even while the task waits for a thread: the future fails then, and
   * the task does nothing when it runs (a {@link java.util.concurrent.ThreadPoolExecutor} drops it
   * from its queue at once). The note on threads of the one-argument form applies.
   *
   * @param request a request built with {@link InferenceRequest#builder()}
   * @param executor runs the blocking generation
   * @return the answer when complete; failed with an {@link InferenceException} on any failure
   * @throws NullPointerException if {@code executor} is null
   */
  CompletableFuture<InferenceResponse> generateAsync(InferenceRequest request, Executor executor);

  /**
   * Starts generating and returns the stream of chunks. The caller must close the stream; closing
   * it early cancels the work.
   *
   * @param request a request built with {@link InferenceRequest#builder()}
   * @return the stream of chunks, which the caller closes
   * @throws InferenceException if the request is rejected or the backend fails to start
   */
  InferenceStream stream(InferenceRequest request);

  /**
   * Turns texts into vectors, on backends with {@link io.infer4j.spi.Capability#EMBEDDINGS}: the
   * remote {@code /v1/embeddings} of the presets that serve it, mean-pooled hidden states of the
   * in-process models, the fake's scripted or hashed vectors. The same interface as generation, so
   * one configured client does both and one mock stubs both.
   *
   * @implSpec The default refuses, so that implementations written before embeddings still
   *     compile; every client the SDK makes overrides it and asks its backend.
   *
   * @param request the texts to embed, and the model
   * @return one vector per input, in order
   * @throws UnsupportedCapabilityException on a backend that cannot embed
   * @throws InferenceException on any other failure
   */
  default EmbeddingResponse embed(EmbeddingRequest request) {
    throw new UnsupportedCapabilityException(name(), io.infer4j.spi.Capability.EMBEDDINGS,
        "this client does not implement embed");
  }

  /** Releases the backend's resources. Idempotent. */
  @Override
  void close();
}
