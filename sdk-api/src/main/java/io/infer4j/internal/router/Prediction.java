package io.infer4j.internal.router;

/**
 * A predicted latency for one request on one backend, at the router's confidence.
 *
 * @param ttftNanos predicted time from start to the first token, in nanoseconds
 * @param totalNanos predicted time from start to the end of the answer, in nanoseconds
 * @param source where the figures come from, for the decision's note ("simulated estimate",
 *     "learnt from 12 observations", "configured priors")
 */
record Prediction(long ttftNanos, long totalNanos, String source) {

  Prediction {
    if (ttftNanos < 0 || totalNanos < ttftNanos) {
      throw new IllegalArgumentException("need 0 <= ttft <= total: " + ttftNanos + ", " + totalNanos);
    }
  }

  /** Time to first token plus {@code perToken} for each token after the first. */
  static Prediction of(long ttftNanos, long perTokenNanos, int maxTokens, String source) {
    long rest = Math.max(0, maxTokens - 1L);
    long total = perTokenNanos > 0 && rest > Long.MAX_VALUE / perTokenNanos
        ? Long.MAX_VALUE
        : ttftNanos + Math.min(Long.MAX_VALUE - ttftNanos, perTokenNanos * rest);
    return new Prediction(ttftNanos, total, source);
  }
}
