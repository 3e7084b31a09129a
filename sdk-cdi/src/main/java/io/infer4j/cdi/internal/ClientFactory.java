package io.infer4j.cdi.internal;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;

/** Creates clients for the registry; each call returns a new client that the caller owns. */
interface ClientFactory {

  /** The client named by {@code infer4j.backend}. */
  InferenceClient defaultClient();

  /** The client of the named instance. */
  InferenceClient client(String name);

  /** The instance name {@code infer4j.backend} chooses, if it is set. */
  java.util.Optional<String> configuredDefault();

  /** Reads the current configuration through {@link InferenceClients#fromConfig()}. */
  ClientFactory FROM_CONFIG = new ClientFactory() {
    @Override
    public InferenceClient defaultClient() {
      return InferenceClients.fromConfig();
    }

    @Override
    public InferenceClient client(String name) {
      return InferenceClients.fromConfig(name);
    }

    @Override
    public java.util.Optional<String> configuredDefault() {
      return InferenceClients.configuredBackend();
    }
  };
}
