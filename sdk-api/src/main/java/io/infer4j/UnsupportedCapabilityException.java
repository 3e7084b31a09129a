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

  /** The configured instance name of the backend. */
  private final String backend;
  /** What the backend lacks. */
  private final Capability capability;

  /**
   * A request the backend cannot serve.
   *
   * @param backend the configured instance name of the backend; {@code ""} when not known yet
   * @param capability what the request needs and the backend lacks
   * @param why what in the request needs it, or why the backend lacks it
   * @throws NullPointerException if {@code capability} is {@code null}
   */
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
