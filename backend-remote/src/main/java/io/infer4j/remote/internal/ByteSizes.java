package io.infer4j.remote.internal;

import io.infer4j.InvalidConfigurationException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes in settings: a whole number of bytes with an optional binary unit, {@code 512},
 * {@code 512B}, {@code 64KiB}, {@code 1MiB}, {@code 1GiB}. Decimal units (KB, MB) are rejected:
 * whether they mean 1000 or 1024 would be a guess. Stateless.
 */
final class ByteSizes {

  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");

  private ByteSizes() {}

  /**
   * The size {@code value} of setting {@code key}, in bytes, at least 1.
   *
   * @throws InvalidConfigurationException naming the key and the forms accepted
   */
  static long parse(String key, String value) {
    Matcher m = SIZE.matcher(value.trim());
    long bytes = 0;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      int shift = shift(m.group(2));
      bytes = n > Long.MAX_VALUE >> shift ? 0 : n << shift;
    }
    if (bytes < 1) {
      throw new InvalidConfigurationException(
          key, value, "must be a positive size such as 65536, 64KiB, 1MiB (units B, KiB, MiB, GiB)");
    }
    return bytes;
  }

  private static int shift(String unit) {
    if (unit == null || unit.equals("B")) {
      return 0;
    }
    return unit.equals("KiB") ? 10 : unit.equals("MiB") ? 20 : 30;
  }

  /** {@code bytes} for a message: {@code 65,536 bytes}. */
  static String format(long bytes) {
    return String.format(Locale.ROOT, "%,d bytes", bytes);
  }
}
