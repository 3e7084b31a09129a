package io.infer4j;

/**
 * A client that forwards to another one (the CDI container's shared clients, or a wrapper of
 * your own), so that infer4j can see through it: {@link InferenceClients#capabilities}, {@link
 * InferenceClients#health} and {@link Routing} look at {@link #delegate()}. Implement it when
 * you wrap a client and want those to keep working.
 */
public interface DelegatingClient extends InferenceClient {

  /** {@return the client requests are forwarded to} */
  InferenceClient delegate();

  /** Forwarded like generation. */
  @Override
  default EmbeddingResponse embed(EmbeddingRequest request) {
    return delegate().embed(request);
  }
}
