package io.infer4j.runtime.shape;

/**
 * A load to serve and the latency it must be served within: {@code requestsPerSecond} requests of
 * {@code promptTokens} in and {@code outputTokens} out, each request's time to first token within
 * {@code ttftSloMs} at the 99th percentile and its time per output token within {@code tpotSloMs}.
 *
 * @param requestsPerSecond arrival rate, requests per second (Poisson arrivals assumed)
 * @param promptTokens prompt tokens per request
 * @param outputTokens output tokens per request
 * @param ttftSloMs time to first token, 99th percentile, ms
 * @param tpotSloMs time per output token after the first, ms
 */
public record ServingLoad(
    double requestsPerSecond, int promptTokens, int outputTokens, double ttftSloMs, double tpotSloMs) {

  /**
   * Checks the load.
   *
   * @throws IllegalArgumentException if the rate is not positive and finite, a token count is below
   *     1, or an SLO is not positive
   */
  public ServingLoad {
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("rate must be positive and finite: " + requestsPerSecond);
    }
    if (promptTokens < 1 || outputTokens < 1) {
      throw new IllegalArgumentException("prompt and output tokens must be at least 1");
    }
    if (!(ttftSloMs > 0) || !(tpotSloMs > 0)) {
      throw new IllegalArgumentException("SLOs must be positive: " + ttftSloMs + ", " + tpotSloMs);
    }
  }
}
