package io.infer4j;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Observes the requests of a client: start, first chunk, each attempt (the router's first try,
 * fallbacks and hedges; a remote backend's retries), and the end with a response or an error. The
 * shape of OkHttp's {@code EventListener}: a {@link Factory} makes one listener per request, so a
 * listener may keep that request's state (a span, a timer) in its fields.
 *
 * <p>Register by code ({@link InferenceClients#withListener}) or by configuration: every {@link
 * io.infer4j.spi.ListenerProvider} that {@code ServiceLoader} finds is used unless {@code
 * infer4j.listeners} names the ones to use ({@code none} for none).
 *
 * <p><b>Threads and cost.</b> Methods are called on the thread where the event happens: the
 * caller's, the router's (hedges), or the SDK's timer thread (a budget running out). They must be
 * quick, must not block and must not throw (a listener's exception is caught and dropped, so it
 * never changes the request's outcome). A client without listeners calls none and allocates
 * nothing for them. {@link #requestEnd}, {@link #embeddingEnd} or {@link #requestFailed} is called
 * exactly once per request, last; the caller gets a failure only after it has returned, on
 * whichever thread it ran (a test may read what the listener recorded as soon as the exception
 * arrives). Attempts are numbered across the request: a router's fallbacks and hedges and its
 * members' retries never share a number.
 */
public interface InferenceListener {

  /** Listens to nothing. */
  InferenceListener NONE = new InferenceListener() {};

  /** Makes the listener of one request. Thread-safe. */
  @FunctionalInterface
  interface Factory {
    /**
     * Called when the request starts; return {@link #NONE} to skip it.
     *
     * @param call the request that starts
     * @return its listener; {@link #NONE} to skip it
     */
    InferenceListener create(Call call);
  }

  /** What a request does, as the OpenTelemetry GenAI conventions name operations. */
  enum Operation {
    /** A chat request ({@code gen_ai.operation.name = chat}). */
    CHAT("chat"),
    /** A raw-prompt request ({@code text_completion}). */
    TEXT_COMPLETION("text_completion"),
    /** An embedding request ({@code embeddings}). */
    EMBEDDINGS("embeddings");

    private final String conventionName;

    Operation(String conventionName) {
      this.conventionName = conventionName;
    }

    /** {@return the {@code gen_ai.operation.name} value} */
    public String conventionName() {
      return conventionName;
    }
  }

  /**
   * One request to a client.
   *
   * @param operation chat, text completion or embeddings
   * @param client the client's configured instance name (a router's is the router's)
   * @param request the generation request; {@code null} for embeddings
   * @param embedding the embedding request; {@code null} for generation
   * @param streamed whether the caller asked for a stream
   * @param startedAt when the client received it
   * @param deadline when its budget runs out; {@code null} without a budget
   */
  record Call(Operation operation, String client, InferenceRequest request,
      EmbeddingRequest embedding, boolean streamed, Instant startedAt, Instant deadline) {
    /**
     * Validates the call.
     *
     * @throws NullPointerException if {@code operation}, {@code client} or {@code startedAt} is
     *     {@code null}
     * @throws IllegalArgumentException unless exactly one of {@code request} and {@code
     *     embedding} is set
     */
    public Call {
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(startedAt, "startedAt");
      if ((request == null) == (embedding == null)) {
        throw new IllegalArgumentException("a call is a generation or an embedding request");
      }
    }

    /** {@return the model the request names, or {@code null} for the backend's default} */
    public String requestedModel() {
      return request != null ? request.model() : embedding.model();
    }
  }

  /** Why an attempt was started. */
  enum AttemptKind {
    /** The router's first choice. */
    FIRST,
    /** A backend's own retry of a failed try (a remote backend after a 503, say). */
    RETRY,
    /** The router's next choice after a retryable failure. */
    FALLBACK,
    /** A second attempt raced against a slow first one; the loser is cancelled. */
    HEDGE
  }

  /**
   * One attempt at serving a request.
   *
   * @param backend the configured instance name that serves it
   * @param kind why it was started
   * @param number its position among the request's attempts, from 1
   */
  record Attempt(String backend, AttemptKind kind, int number) {
    /**
     * Validates the attempt.
     *
     * @throws NullPointerException if {@code backend} or {@code kind} is {@code null}
     * @throws IllegalArgumentException if {@code number} is below 1
     */
    public Attempt {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(kind, "kind");
      if (number < 1) {
        throw new IllegalArgumentException("number must be >= 1: " + number);
      }
    }
  }

  /**
   * The request was admitted and starts.
   *
   * @param call the request
   */
  default void requestStart(Call call) {}

  /**
   * The first chunk with text reached the caller, {@code timeToFirstChunk} after the start.
   *
   * @param call the request
   * @param timeToFirstChunk from the start of the request to this chunk
   */
  default void firstChunk(Call call, Duration timeToFirstChunk) {}

  /**
   * A chunk with text reached the caller (the first one too, after {@link #firstChunk}), {@code
   * sinceStart} after the start. Called once per chunk: keep it cheap.
   *
   * @param call the request
   * @param chunk the chunk, as the caller receives it
   * @param sinceStart from the start of the request to this chunk
   */
  default void chunk(Call call, TokenChunk chunk, Duration sinceStart) {}

  /**
   * An attempt starts.
   *
   * @param call the request
   * @param attempt the attempt, which backend serves it and why
   */
  default void attemptStart(Call call, Attempt attempt) {}

  /**
   * An attempt ended.
   *
   * @param call the request
   * @param attempt the attempt that ended, as {@link #attemptStart} received it
   * @param outcome how it ended
   * @param elapsed from the start of the attempt to its end
   * @param failure why it failed, or {@code null} when it succeeded or was cancelled
   */
  default void attemptEnd(Call call, Attempt attempt, RouteDecision.Outcome outcome, Duration elapsed,
      InferenceException failure) {}

  /**
   * A generation ended with a response ({@link FinishReason#CANCELLED} when the caller closed it).
   *
   * @param call the request
   * @param response the response the caller received
   */
  default void requestEnd(Call call, InferenceResponse response) {}

  /**
   * An embedding request ended with its vectors.
   *
   * @param call the request
   * @param response the vectors the caller received
   * @param elapsed from the start of the request to its end
   */
  default void embeddingEnd(Call call, EmbeddingResponse response, Duration elapsed) {}

  /**
   * The request failed.
   *
   * @param call the request
   * @param failure the exception the caller received
   * @param elapsed from the start of the request to the failure
   */
  default void requestFailed(Call call, InferenceException failure, Duration elapsed) {}
}
