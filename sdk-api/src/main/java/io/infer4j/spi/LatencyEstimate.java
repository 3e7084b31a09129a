package io.infer4j.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A backend's prediction of how long a request will take.
 *
 * @param timeToFirstToken predicted time from sending to the first token
 * @param perToken predicted time for each further token
 * @param confidence how much to trust the prediction, in {@code [0, 1]}: 1 for a deterministic
 *     simulator, lower for a model learnt from few observations
 */
public record LatencyEstimate(Duration timeToFirstToken, Duration perToken, double confidence) {

  public LatencyEstimate {
    Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
    Objects.requireNonNull(perToken, "perToken");
    if (timeToFirstToken.isNegative() || perToken.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
    }
  }

  /** Predicted total time for {@code outputTokens} tokens: first token, then the rest. */
  public Duration total(int outputTokens) {
    if (outputTokens <= 1) {
      return timeToFirstToken;
    }
    return timeToFirstToken.plus(perToken.multipliedBy(outputTokens - 1L));
  }
}
