package io.infer4j;

import io.infer4j.spi.Capability;
import java.util.Locale;

/**
 * The request needs something the backend cannot do: tools, structured output, embeddings, images
 * or sounds on a backend without that {@link Capability}. Raised before any work. Not retryable on
 * the same backend; the router never sends such a request to a member without the capability.
 */
public final class UnsupportedCapabilityException extends InferenceException {
  private static final long serialVersionUID = 1L;

  private final String backend;
  private final Capability capability;

  public UnsupportedCapabilityException(String backend, Capability capability, String why) {
    super("backend '" + backend + "' does not support " + capability.name().toLowerCase(Locale.ROOT)
        .replace('_', ' ') + ": " + why, null);
    this.backend = backend;
    this.capability = capability;
  }

  /** {@return the configured instance name} */
  public String backend() {
    return backend;
  }

  /** {@return what it lacks} */
  public Capability capability() {
    return capability;
  }

  @Override
  public boolean isRetryable() {
    return false;
  }

  private UnsupportedCapabilityException(UnsupportedCapabilityException from, RouteDecision route) {
    super(from, route);
    this.backend = from.backend;
    this.capability = from.capability;
  }

  @Override
  UnsupportedCapabilityException copyWith(RouteDecision route) {
    return new UnsupportedCapabilityException(this, route);
  }
}
