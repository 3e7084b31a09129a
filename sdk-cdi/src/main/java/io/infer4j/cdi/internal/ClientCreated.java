package io.infer4j.cdi.internal;

import io.infer4j.InferenceClient;
import java.util.Objects;

/**
 * Fired, synchronously, each time the {@link ClientRegistry} has created a client (the default one
 * at start-up, a named one on its first injection), so that sibling modules can follow the
 * container's clients: {@code infer4j-sdk-health} registers a readiness check for each. Observers
 * run on the thread that asked for the client; what they throw is logged, not passed on. Not API.
 *
 * @param name the instance name
 * @param client the container's shared client (its {@code close()} does nothing)
 */
public record ClientCreated(String name, InferenceClient client) {

  public ClientCreated {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(client, "client");
  }
}
