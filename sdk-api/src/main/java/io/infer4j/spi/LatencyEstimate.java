package io.infer4j.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A backend's prediction of how long a request will take.
 *
 * @param timeToFirstToken predicted time from sending to the first token
 * @param perToken predicted time for each further token
 * @param confidence how much to trust the prediction, in {@code [0, 1]}: 1 for a deterministic
 *     simulator, lower for a model learnt from few observations or a figure published by others
 * @param source what the prediction rests on, for a router's decision notes ("published: GroqCloud
 *     models page, 560 tokens/s"); empty when the backend does not say
 */
public record LatencyEstimate(
    Duration timeToFirstToken, Duration perToken, double confidence, String source) {

  /**
   * Validates the estimate.
   *
   * @throws NullPointerException if a duration or {@code source} is {@code null}
   * @throws IllegalArgumentException if a duration is negative or {@code confidence} is outside
   *     {@code [0, 1]}
   */
  public LatencyEstimate {
    Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
    Objects.requireNonNull(perToken, "perToken");
    Objects.requireNonNull(source, "source");
    if (timeToFirstToken.isNegative() || perToken.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
    }
  }

  /**
   * An estimate that does not say what it rests on.
   *
   * @param timeToFirstToken predicted time from sending to the first token
   * @param perToken predicted time for each further token
   * @param confidence how much to trust the prediction, in {@code [0, 1]}
   * @throws NullPointerException if a duration is {@code null}
   * @throws IllegalArgumentException if a duration is negative or {@code confidence} is outside
   *     {@code [0, 1]}
   */
  public LatencyEstimate(Duration timeToFirstToken, Duration perToken, double confidence) {
    this(timeToFirstToken, perToken, confidence, "");
  }

  /**
   * {@return the predicted total time for {@code outputTokens} tokens: the first token, then the
   * rest at {@code perToken} each}
   *
   * @param outputTokens tokens to generate; 1 or fewer gives {@code timeToFirstToken}
   */
  public Duration total(int outputTokens) {
    if (outputTokens <= 1) {
      return timeToFirstToken;
    }
    return timeToFirstToken.plus(perToken.multipliedBy(outputTokens - 1L));
  }
}
