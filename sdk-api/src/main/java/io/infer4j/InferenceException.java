package io.infer4j;

import java.util.Objects;
import java.util.Optional;

/**
 * The one family of failures an {@link InferenceClient} reports. Every failure a caller can see is
 * one of the permitted subclasses, so a {@code switch} or {@code instanceof} chain over them is
 * complete.
 *
 * <p>Instances are unchecked: inference is usually called from code that cannot do anything
 * better than propagate. {@link #isRetryable()} tells whether the same request may succeed if sent
 * again (perhaps to another backend); the router and the remote backend's retry loop rely on it.
 *
 * <p><b>Routing decision.</b> A failure of a request that went through the router carries the
 * router's decision in {@link #route()}: the candidates with their predictions, and every attempt
 * made with its outcome, time and error, exactly what a successful response reports in {@link
 * InferenceResponse#route()}. Other failures have none.
 *
 * @apiNote The decision is attached by copying ({@link #withRoute}), not by mutating the thrown
 *     exception: an exception stays immutable, so a backend (or a test double) that throws the
 *     same instance for several requests never shows one request's decision on another's failure,
 *     and the class keeps its constructors, type and fields, so existing callers and {@code catch}
 *     clauses are unaffected. The decision is not serialised ({@link RouteDecision} is not
 *     {@code Serializable}); a deserialised exception has none.
 */
public abstract sealed class InferenceException extends RuntimeException
    permits InvalidRequestException,
        InvalidConfigurationException,
        BackendUnavailableException,
        RateLimitedException,
        DeadlineExceededException,
        ModelNotFoundException,
        ModelFormatException,
        StreamInterruptedException,
        StructuredOutputException,
        UnsupportedCapabilityException {

  private static final long serialVersionUID = 1L;

  private final transient RouteDecision route; // null when none

  InferenceException(String message, Throwable cause) {
    super(message, cause);
    this.route = null;
  }

  /**
   * A copy of {@code from} (message, cause, stack trace, suppressed failures) with {@code route}.
   */
  InferenceException(InferenceException from, RouteDecision route) {
    super(from.getMessage(), from.getCause());
    setStackTrace(from.getStackTrace());
    for (Throwable s : from.getSuppressed()) {
      addSuppressed(s);
    }
    this.route = route;
  }

  /** {@return whether sending the same request again (here or elsewhere) may succeed} */
  public abstract boolean isRetryable();

  /**
   * {@return the router's decision for the failed request (candidates, predictions, attempts with their
   * outcomes and times), when it went through the router; empty otherwise}
   */
  public Optional<RouteDecision> route() {
    return Optional.ofNullable(route);
  }

  /**
   * {@return the same failure (same class, message, cause, stack trace and fields) carrying {@code
   * route}; this one is unchanged} The router calls it before a failure reaches the caller.
   *
   * @param route how the request was routed
   * @throws NullPointerException if {@code route} is null
   */
  public InferenceException withRoute(RouteDecision route) {
    return copyWith(Objects.requireNonNull(route, "route"));
  }

  /** A copy of this failure with {@code route}; each subclass copies its own fields. */
  abstract InferenceException copyWith(RouteDecision route);
}
