package io.infer4j.remote;

import io.infer4j.spi.Backend;
import java.util.List;

/**
 * A {@link Backend} that serves requests from OpenAI-compatible HTTP endpoints. Created by the
 * provider of backend type {@code remote}; what it adds to {@link Backend} is state for the router
 * and for operators.
 *
 * <p>Thread-safe. {@link #close()} cancels calls in flight, shuts down its HTTP dispatcher and
 * evicts its pooled connections.
 */
public interface RemoteBackend extends Backend {

  /** {@return the preset this backend was configured with ({@link Preset#CUSTOM} when none)} */
  Preset preset();

  /**
   * {@return the rate-limit state last reported for this backend's credential} {@link #start} refuses a
   * request with {@link io.infer4j.RateLimitedException}, before any I/O, when this state says it
   * cannot be served before the window resets.
   */
  RateLimitStatus rateLimits();

  /** {@return a snapshot of every configured endpoint, in configuration order} */
  List<EndpointStatus> endpoints();
}
