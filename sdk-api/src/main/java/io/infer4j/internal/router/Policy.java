package io.infer4j.internal.router;

import io.infer4j.InvalidConfigurationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the router ranks the candidates that fit the budget ({@code infer4j.router.policy}). */
enum Policy {
  /** Shortest predicted time first (total time, or time to first token when only that is budgeted). */
  FASTEST("fastest"),
  /** Lowest {@code cost-per-million-tokens} first; ties go to the faster. */
  CHEAPEST_WITHIN_BUDGET("cheapest-within-budget"),
  /** Lowest {@code priority} first; ties go to the earlier one in {@code infer4j.router.backends}. */
  PRIORITY_WITHIN_BUDGET("priority-within-budget");

  private final String configName;

  Policy(String configName) {
    this.configName = configName;
  }

  /** The value used in configuration. */
  String configName() {
    return configName;
  }

  static Policy parse(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (Policy p : values()) {
      if (p.configName.equals(v)) {
        return p;
      }
    }
    throw new InvalidConfigurationException(key, value, "unknown policy; use one of "
        + Arrays.stream(values()).map(Policy::configName).collect(Collectors.joining(", ")));
  }
}
