package io.infer4j.lpu.internal;

import java.util.Locale;
import java.util.Map;

/** Renders a field map (strings, numbers, booleans, nested maps) as one line of JSON. */
public final class Json {

  private Json() {}

  public static String write(Map<String, ?> fields) {
    StringBuilder out = new StringBuilder();
    value(out, fields);
    return out.toString();
  }

  private static void value(StringBuilder out, Object v) {
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
          value(out, e.getValue());
        }
        out.append('}');
      }
      case Double d -> out.append(number(d));
      case Float f -> out.append(number(f));
      case Number n -> out.append(n);
      case Boolean b -> out.append(b);
      default -> string(out, v.toString());
    }
  }

  /** A double with at most 3 decimals, no exponent; non-finite values become null. */
  private static String number(double d) {
    if (!Double.isFinite(d)) {
      return "null";
    }
    String s = String.format(Locale.ROOT, "%.3f", d);
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
