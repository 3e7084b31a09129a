package io.infer4j.internal;

import io.infer4j.InvalidConfigurationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses configuration values, failing with {@link InvalidConfigurationException} that names the
 * key and the value. Not API.
 */
public final class ConfigValues {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)");

  private ConfigValues() {}

  public static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(key, value, "not an integer", e);
    }
  }

  public static long parseLong(String key, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(key, value, "not an integer", e);
    }
  }

  public static double parseDouble(String key, String value) {
    try {
      double d = Double.parseDouble(value.trim());
      if (!Double.isFinite(d)) {
        throw new InvalidConfigurationException(key, value, "not a finite number");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(key, value, "not a number", e);
    }
  }

  public static boolean parseBoolean(String key, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
        return true;
      case "false":
      case "no":
      case "off":
        return false;
      default:
        throw new InvalidConfigurationException(key, value, "not a boolean (true or false)");
    }
  }

  /** {@code 200ms}, {@code 1.5s}, {@code 2m}, {@code 750us}, {@code 1h}, or ISO-8601 {@code PT2S}. */
  public static Duration parseDuration(String key, String value) {
    String v = value.trim();
    if (v.regionMatches(true, 0, "P", 0, 1) || v.regionMatches(true, 0, "-P", 0, 2)) {
      try {
        return nonNegative(key, value, Duration.parse(v));
      } catch (DateTimeParseException e) {
        throw new InvalidConfigurationException(key, value, "not an ISO-8601 duration", e);
      }
    }
    Matcher m = DURATION.matcher(v);
    if (!m.matches() && v.startsWith("-") && DURATION.matcher(v.substring(1).trim()).matches()) {
      throw new InvalidConfigurationException(key, value, "must not be negative");
    }
    if (!m.matches()) {
      throw new InvalidConfigurationException(
          key, value, "not a duration: use a number with a unit (ns, us, ms, s, m, h), e.g. 200ms");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    long nanosPerUnit;
    switch (m.group(2)) {
      case "ns":
        nanosPerUnit = 1L;
        break;
      case "us":
      case "µs":
        nanosPerUnit = 1_000L;
        break;
      case "ms":
        nanosPerUnit = 1_000_000L;
        break;
      case "s":
        nanosPerUnit = 1_000_000_000L;
        break;
      case "m":
        nanosPerUnit = 60_000_000_000L;
        break;
      default:
        nanosPerUnit = 3_600_000_000_000L;
        break;
    }
    try {
      return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
    } catch (ArithmeticException e) {
      throw new InvalidConfigurationException(key, value, "duration out of range", e);
    }
  }

  private static Duration nonNegative(String key, String value, Duration d) {
    if (d.isNegative()) {
      throw new InvalidConfigurationException(key, value, "must not be negative");
    }
    return d;
  }
}
