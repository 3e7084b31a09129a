package io.infer4j.gpu.internal;

import java.util.Iterator;
import java.util.Map;

/**
 * A minimal JSON writer for flat or nested maps of strings, numbers and booleans (enough for a
 * plan; the module has no JSON dependency). Thread-safe (stateless).
 */
public final class Json {

  private Json() {}

  /** {@code fields} as one JSON object on one line. */
  public static String write(Map<String, ?> fields) {
    StringBuilder out = new StringBuilder();
    object(out, fields);
    return out.toString();
  }

  private static void object(StringBuilder out, Map<String, ?> fields) {
    out.append('{');
    Iterator<? extends Map.Entry<String, ?>> it = fields.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, ?> e = it.next();
      string(out, e.getKey());
      out.append(':');
      value(out, e.getValue());
      if (it.hasNext()) {
        out.append(',');
      }
    }
    out.append('}');
  }

  private static void value(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(out, s);
      case Boolean b -> out.append(b);
      case Integer i -> out.append(i);
      case Long l -> out.append(l);
      case Double d -> number(out, d);
      case Map<?, ?> m -> {
        @SuppressWarnings("unchecked")
        Map<String, ?> nested = (Map<String, ?>) m;
        object(out, nested);
      }
      default -> throw new IllegalArgumentException("unsupported JSON value: " + value.getClass());
    }
  }

  private static void number(StringBuilder out, double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("JSON has no " + d);
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d).append(".0");
    } else {
      out.append(d);
    }
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
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
