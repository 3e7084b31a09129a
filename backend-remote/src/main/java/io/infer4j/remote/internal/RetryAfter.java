package io.infer4j.remote.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * Reads the wait a server asks for: {@code retry-after-ms} (milliseconds, OpenAI), else {@code
 * Retry-After} as seconds (integer or decimal) or an HTTP date (RFC 9110 section 10.2.3). A date in
 * the past means "now" (zero); junk, negative or absent values mean "not said". Stateless.
 */
final class RetryAfter {

  /** A non-negative decimal number: at most 12 integer and 9 fraction digits. */
  private static final Pattern NUMBER = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");

  private RetryAfter() {}

  /** The wait asked for, or {@code null} when the headers do not say one usable. */
  static Duration parse(Headers headers, Instant now) {
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      Duration d = number(ms.trim(), 1_000_000L);
      if (d != null) {
        return d;
      }
    }
    String ra = headers.get("Retry-After");
    if (ra == null) {
      return null;
    }
    String v = ra.trim();
    Duration seconds = number(v, 1_000_000_000L);
    if (seconds != null) {
      return seconds;
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration number(String v, long nanosPerUnit) {
    if (!NUMBER.matcher(v).matches()) {
      return null;
    }
    double amount = Double.parseDouble(v);
    return Duration.ofNanos((long) Math.min(Long.MAX_VALUE / 2.0, amount * nanosPerUnit));
  }
}
