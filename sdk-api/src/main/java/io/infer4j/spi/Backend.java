package io.infer4j.spi;

import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.RouteDecision;
import java.util.Optional;
import java.util.Set;

/**
 * What a backend module implements: start a generation for a request. The SDK wraps a backend in
 * an {@link io.infer4j.InferenceClient} that validates requests, starts the deadline, measures
 * timing, counts usage and offers the blocking, async and streaming forms, so every backend
 * behaves the same on those points.
 *
 * <p>Implementations are thread-safe: concurrent {@link #start} calls are independent.
 */
public interface Backend extends AutoCloseable {

  /** {@return what this backend can do} */
  Set<Capability> capabilities();

  /**
   * Predicts the latency of a request, for the router. A backend that cannot predict returns
   * empty (the router then learns from observation).
   *
   * @param request a valid request
   * @return the prediction, or empty when this backend cannot predict (the default)
   */
  default Optional<LatencyEstimate> estimate(InferenceRequest request) {
    return Optional.empty();
  }

  /**
   * {@return how this backend would route {@code request} now, for a backend composed of others (the
   * router): the candidates with their predictions, the first choice and why, without starting
   * anything or changing what it has learnt; the budget is taken as starting now} A backend that
   * serves requests itself keeps this default, which is empty: its route is direct. What {@link
   * io.infer4j.Routing#explain} reports.
   *
   * @param request a valid request
   */
  default Optional<RouteDecision> explain(InferenceRequest request) {
    return Optional.empty();
  }

  /**
   * Starts serving a valid request. May return before any token is ready; may block while
   * connecting, within the deadline.
   *
   * @param request a valid request, which this backend's capabilities cover
   * @param deadline the request's budget on a monotonic clock; every wait honours it
   * @return the generation, which the caller reads and closes
   * @throws InferenceException when the request cannot be started (unknown model, backend down)
   */
  Generation start(InferenceRequest request, Deadline deadline);

  /**
   * {@link #start(InferenceRequest, Deadline)}, reporting the attempts this backend makes to
   * {@code attempts}: the router its choices, fallbacks and hedges; a remote backend its retries.
   * A backend that makes no attempts of its own keeps this default, which reports nothing.
   *
   * @param request a valid request, which this backend's capabilities cover
   * @param deadline the request's budget on a monotonic clock; every wait honours it
   * @param attempts told of each attempt as it starts and ends
   * @return the generation, which the caller reads and closes
   * @throws InferenceException when the request cannot be started (unknown model, backend down)
   */
  default Generation start(InferenceRequest request, Deadline deadline, AttemptObserver attempts) {
    return start(request, deadline);
  }

  /**
   * Embeds the request's inputs, within {@code deadline}; only for a backend with {@link
   * Capability#EMBEDDINGS}. The result names the instance that served in {@code backend}: empty
   * for the backend itself (the client fills in its configured name), a member's name for a
   * backend composed of others (the router).
   *
   * @param request a valid embedding request
   * @param deadline the request's budget on a monotonic clock; every wait honours it
   * @return the vectors, one per input, in order
   * @throws io.infer4j.UnsupportedCapabilityException when the backend cannot embed (the default)
   */
  default io.infer4j.EmbeddingResponse embed(io.infer4j.EmbeddingRequest request, Deadline deadline) {
    throw new io.infer4j.UnsupportedCapabilityException("", Capability.EMBEDDINGS,
        getClass().getSimpleName() + " has no embeddings");
  }

  /**
   * {@return how this backend is doing, from what it has observed, without I/O or waiting: cheap enough for
   * a readiness probe every few seconds, from any thread} After {@link #close()} it is {@link
   * BackendHealth.State#CLOSED}. A backend that knows nothing more keeps this default: up, no
   * details (the client reports it closed once the client is).
   */
  default BackendHealth health() {
    return BackendHealth.up();
  }

  /** Releases resources (connections, device memory, mapped files). Idempotent. */
  @Override
  void close();
}
