package io.infer4j.runtime.shape;

import java.util.Locale;
import java.util.Map;

/**
 * Writes a field map as one line of JSON, keys in the map's iteration order: strings, booleans,
 * numbers, null, nested maps and lists; any other value is written as the string of its {@code
 * toString()}. What the planners' plans ({@code toJson()}) and the command line's {@code --json}
 * output are written with, so that they need no JSON library.
 *
 * <p>Doubles (and floats) come in two styles: {@link #write} keeps every digit ({@link
 * Double#toString}: {@code 2.0}, {@code 0.1234}; whole values below 1e15 without exponent), {@link
 * #writeRounded} rounds half-up to at most N decimals, without trailing zeros or exponent ({@code
 * 2}, {@code 0.123}). A non-finite double is written as {@code null}. Stateless and thread-safe.
 */
public final class JsonLine {

  private JsonLine() {}

  /**
   * {@return {@code fields} as one JSON object, doubles with all their digits}
   *
   * @param fields the fields, in the order to write them
   */
  public static String write(Map<String, ?> fields) {
    return render(fields, -1);
  }

  /**
   * {@return {@code fields} as one JSON object, doubles rounded to at most {@code decimals} places}
   *
   * @param fields the fields, in the order to write them
   * @param decimals the most decimal places of a double, at least 0
   * @throws IllegalArgumentException if {@code decimals} is negative
   */
  public static String writeRounded(Map<String, ?> fields, int decimals) {
    if (decimals < 0) {
      throw new IllegalArgumentException("decimals must be >= 0: " + decimals);
    }
    return render(fields, decimals);
  }

  private static String render(Map<String, ?> fields, int decimals) {
    StringBuilder out = new StringBuilder();
    value(out, fields, decimals);
    return out.toString();
  }

  private static void value(StringBuilder out, Object v, int decimals) {
    switch (v) {
      case null -> out.append("null");
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(out, String.valueOf(e.getKey()));
          out.append(':');
          value(out, e.getValue(), decimals);
        }
        out.append('}');
      }
      case java.util.List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          value(out, list.get(i), decimals);
        }
        out.append(']');
      }
      case Double d -> out.append(number(d, decimals));
      case Float f -> out.append(number(f, decimals));
      case Number n -> out.append(n);
      case Boolean b -> out.append(b);
      default -> string(out, v.toString());
    }
  }

  /** {@code d} in the style of {@code decimals} (negative: every digit); non-finite is null. */
  private static String number(double d, int decimals) {
    if (!Double.isFinite(d)) {
      return "null";
    }
    if (decimals < 0) {
      // Double.toString, except that whole values below 1e15 never take an exponent (1.0E7)
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d + ".0" : Double.toString(d);
    }
    String s = String.format(Locale.ROOT, "%." + decimals + "f", d);
    s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    return s.equals("-0") ? "0" : s;
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
