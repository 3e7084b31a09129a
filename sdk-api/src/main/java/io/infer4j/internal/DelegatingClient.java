package io.infer4j.internal;

import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceClient;

/**
 * A client that forwards to another one (the CDI container's shared clients, for example), so
 * that infer4j can see through it, e.g. to explain a router's decision. Not API.
 */
public interface DelegatingClient extends InferenceClient {

  /** The client requests are forwarded to. */
  InferenceClient delegate();

  /** Forwarded like generation. */
  @Override
  default EmbeddingResponse embed(EmbeddingRequest request) {
    return delegate().embed(request);
  }
}
