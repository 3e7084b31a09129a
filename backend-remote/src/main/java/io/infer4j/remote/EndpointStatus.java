package io.infer4j.remote;

import java.util.Objects;

/**
 * A snapshot of one endpoint (replica) of a remote backend.
 *
 * @param baseUrl the endpoint's base URL
 * @param outstanding requests in flight on it now
 * @param consecutiveFailures failures since its last success
 * @param ejected whether it is out of rotation after too many consecutive failures
 */
public record EndpointStatus(String baseUrl, int outstanding, int consecutiveFailures, boolean ejected) {

  /**
   * Checks the counts.
   *
   * @throws NullPointerException if {@code baseUrl} is null
   * @throws IllegalArgumentException if a count is negative
   */
  public EndpointStatus {
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (outstanding < 0 || consecutiveFailures < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }
}
