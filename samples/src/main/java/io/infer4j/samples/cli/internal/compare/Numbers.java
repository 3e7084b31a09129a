package io.infer4j.samples.cli.internal.compare;

import java.util.Locale;
import java.util.OptionalDouble;

/** How the table writes figures that span from microseconds to minutes. */
final class Numbers {
  private Numbers() {}

  /** About three significant digits, never in exponent form: 1843, 18.4, 1.84, 0.184, 0.0018. */
  static String figure(double v) {
    double a = Math.abs(v);
    String format = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a >= 0.01 ? "%.3f" : "%.4f";
    return String.format(Locale.ROOT, format, v);
  }

  /** A figure, or {@code -} when unknown. */
  static String figure(OptionalDouble v) {
    return v.isPresent() ? figure(v.getAsDouble()) : "-";
  }
}
