package io.infer4j.runtime.internal.chat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.ToolCall;
import java.io.IOException;

/** Reads one call object {@code {"name": ..., KEY: {...}}} from model output. Stateless. */
final class ToolCallJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ToolCallJson() {}

  /**
   * The call written at the start of {@code text} (leading white space skipped), or null.
   *
   * @param consumed receives the index just past the object, at [0]
   */
  static ToolCall read(String text, int from, String[] keys, String id, int[] consumed) {
    try (JsonParser p = MAPPER.createParser(text.substring(from))) {
      JsonNode node = MAPPER.readTree(p);
      if (node == null || !node.isObject() || !node.path("name").isTextual()) {
        return null;
      }
      consumed[0] = from + (int) p.currentLocation().getCharOffset();
      JsonNode args = null;
      for (String key : keys) {
        if (node.has(key)) {
          args = node.get(key);
          break;
        }
      }
      if (args != null && args.isTextual()) {
        args = MAPPER.readTree(args.textValue()); // arguments given as a JSON string
      }
      if (args != null && !args.isObject()) {
        return null;
      }
      String name = node.get("name").textValue();
      if (name.isBlank()) {
        return null;
      }
      return new ToolCall(id, name, args == null ? "{}" : args.toString());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
