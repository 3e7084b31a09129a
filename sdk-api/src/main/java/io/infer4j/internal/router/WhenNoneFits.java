package io.infer4j.internal.router;

import io.infer4j.InvalidConfigurationException;
import java.util.Locale;

/** What the router does when no available backend is predicted to meet the budget. */
enum WhenNoneFits {
  /**
   * Fail at once, before any attempt, with {@link io.infer4j.DeadlineExceededException} listing
   * each backend's prediction. That type, not {@code BackendUnavailableException}, because the
   * backends are up and it is the budget that cannot be met: callers already handle it for budget
   * failures, and it is not retryable (the same budget would fail the same way).
   */
  FAIL("fail"),
  /**
   * Serve with the fastest predicted backend anyway, and say so in the decision's reason. The
   * budget still bounds the attempt: it helps when predictions are pessimistic.
   */
  FASTEST("fastest");

  private final String configName;

  WhenNoneFits(String configName) {
    this.configName = configName;
  }

  String configName() {
    return configName;
  }

  static WhenNoneFits parse(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (WhenNoneFits w : values()) {
      if (w.configName.equals(v)) {
        return w;
      }
    }
    throw new InvalidConfigurationException(key, value, "use 'fail' or 'fastest'");
  }
}
