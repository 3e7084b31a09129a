package io.infer4j.remote.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations of {@code x-ratelimit-reset-*} headers, which OpenAI and Groq write in Go's
 * format ({@code 1s}, {@code 6m0s}, {@code 2.5ms}, {@code 7.66s}, {@code 1h2m}); a bare number is
 * read as seconds. Stateless.
 */
final class GoDuration {

  /** A bare number, read as seconds. */
  private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");
  /** One number-and-unit part of a Go duration. */
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");

  private GoDuration() {}

  /** The duration, or {@code null} when the text is not one. */
  static Duration parse(String text) {
    if (text == null) {
      return null;
    }
    String v = text.trim();
    if (SECONDS.matcher(v).matches()) {
      return Duration.ofNanos((long) (Double.parseDouble(v) * 1e9));
    }
    Matcher m = PART.matcher(v);
    long nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return null;
      }
      end = m.end();
      double amount = Double.parseDouble(m.group(1));
      double unit;
      switch (m.group(2)) {
        case "h": unit = 3600e9; break;
        case "m": unit = 60e9; break;
        case "s": unit = 1e9; break;
        case "ms": unit = 1e6; break;
        case "us":
        case "µs": unit = 1e3; break;
        default: unit = 1; break;
      }
      nanos += (long) (amount * unit);
    }
    return end == v.length() && end > 0 ? Duration.ofNanos(nanos) : null;
  }
}
