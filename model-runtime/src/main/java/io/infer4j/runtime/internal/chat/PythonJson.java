package io.infer4j.runtime.internal.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON written as Hugging Face chat templates write it: their {@code tojson} filter is Python's
 * {@code json.dumps(x, ensure_ascii=False)} (transformers' {@code chat_template_utils}), so
 * separators are {@code ", "} and {@code ": "} on one line, or {@code ","} and {@code ": "} with
 * {@code indent}; keys in the given order; non-ASCII characters as they are; control characters,
 * quotes and backslashes escaped as Python does. Numbers are written as the JSON text had them.
 * Stateless.
 */
public final class PythonJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PythonJson() {}

  /** {@code json.dumps(value)}: one line. */
  public static String dumps(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(value, -1, 0, out);
    return out.toString();
  }

  /** {@code json.dumps(value, indent=indent)}. */
  public static String dumps(JsonNode value, int indent) {
    StringBuilder out = new StringBuilder();
    write(value, indent, 0, out);
    return out.toString();
  }

  /** A JSON text read as a tree, or the text as a JSON string when it is not JSON. */
  public static JsonNode parseOrString(String text) {
    try {
      JsonNode n = MAPPER.readTree(text);
      return n == null ? MAPPER.getNodeFactory().textNode(text) : n;
    } catch (JsonProcessingException e) {
      return MAPPER.getNodeFactory().textNode(text);
    }
  }

  /** {@code text} as a JSON string literal, escaped as Python escapes it. */
  public static String string(String text) {
    StringBuilder out = new StringBuilder();
    string(text, out);
    return out.toString();
  }

  private static void write(JsonNode v, int indent, int depth, StringBuilder out) {
    if (v.isObject()) {
      if (v.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      Iterator<Map.Entry<String, JsonNode>> it = v.fields();
      boolean first = true;
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        separator(first, indent, depth + 1, out);
        first = false;
        string(e.getKey(), out);
        out.append(": ");
        write(e.getValue(), indent, depth + 1, out);
      }
      close(indent, depth, out).append('}');
    } else if (v.isArray()) {
      if (v.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      boolean first = true;
      for (JsonNode item : v) {
        separator(first, indent, depth + 1, out);
        first = false;
        write(item, indent, depth + 1, out);
      }
      close(indent, depth, out).append(']');
    } else if (v.isTextual()) {
      string(v.textValue(), out);
    } else {
      out.append(v.toString()); // numbers, booleans, null
    }
  }

  private static void separator(boolean first, int indent, int depth, StringBuilder out) {
    if (indent < 0) {
      if (!first) {
        out.append(", ");
      }
      return;
    }
    if (!first) {
      out.append(',');
    }
    out.append('\n').append(" ".repeat(indent * depth));
  }

  private static StringBuilder close(int indent, int depth, StringBuilder out) {
    if (indent >= 0) {
      out.append('\n').append(" ".repeat(indent * depth));
    }
    return out;
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
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
