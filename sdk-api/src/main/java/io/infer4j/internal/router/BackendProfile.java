package io.infer4j.internal.router;

import java.time.Duration;
import java.util.Objects;

/**
 * What the configuration says about one routed backend (keys under {@code
 * infer4j.backends.<name>.}).
 *
 * @param name the configured instance name
 * @param costPerMillionTokens price of a million tokens (prompt plus completion), in whatever
 *     currency the operator uses; 0 when not configured (a local backend)
 * @param priority lower is preferred by {@code priority-within-budget}
 * @param priorTimeToFirstToken the time to first token to assume before any observation (queue
 *     plus prefill of a short prompt, at the router's confidence), or {@code null}
 * @param priorPrefillPerToken extra time to first token per prompt token to assume until learnt,
 *     or {@code null} (zero)
 * @param priorPerToken the time per further token to assume before any observation, or {@code null}
 */
record BackendProfile(
    String name,
    double costPerMillionTokens,
    int priority,
    Duration priorTimeToFirstToken,
    Duration priorPrefillPerToken,
    Duration priorPerToken) {

  BackendProfile {
    Objects.requireNonNull(name, "name");
    if (!(costPerMillionTokens >= 0) || Double.isInfinite(costPerMillionTokens)) {
      throw new IllegalArgumentException("costPerMillionTokens must be finite and >= 0");
    }
  }

  /** A profile with no cost, the given priority and no priors. */
  static BackendProfile plain(String name, int priority) {
    return new BackendProfile(name, 0, priority, null, null, null);
  }

  BackendProfile withPriors(Duration ttft, Duration prefillPerToken, Duration perToken) {
    return new BackendProfile(name, costPerMillionTokens, priority, ttft, prefillPerToken, perToken);
  }

  BackendProfile withCost(double costPerMillion) {
    return new BackendProfile(
        name, costPerMillion, priority, priorTimeToFirstToken, priorPrefillPerToken, priorPerToken);
  }
}
