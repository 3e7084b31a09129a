package io.infer4j.remote.internal;

import java.time.Duration;

/** Durations written as configuration takes them ({@code 30s}, {@code 10m}, {@code 250ms}). */
final class Durations {
  private Durations() {}

  /**
   * {@code d} in the largest whole unit that writes it exactly: {@code h}, {@code m}, {@code s} or
   * {@code ms}.
   */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0 && ms > 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
