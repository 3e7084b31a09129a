package io.infer4j.runtime.internal.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infer4j.ToolCall;
import io.infer4j.ToolDefinition;

/**
 * Tools and calls as the JSON values chat templates receive: a tool is the OpenAI shape Hugging
 * Face's {@code apply_chat_template(tools=...)} takes, {@code {"type": "function", "function":
 * {"name", "description", "parameters"}}} (the description left out when empty); a call's
 * arguments are the parsed object. Stateless.
 */
final class ToolJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ToolJson() {}

  static ObjectNode definition(ToolDefinition tool) {
    ObjectNode function = F.objectNode().put("name", tool.name());
    if (!tool.description().isEmpty()) {
      function.put("description", tool.description());
    }
    function.set("parameters", PythonJson.parseOrString(tool.parameters()));
    ObjectNode t = F.objectNode().put("type", "function");
    t.set("function", function);
    return t;
  }

  /** The call's arguments as a JSON value (a string when they are not JSON). */
  static JsonNode arguments(ToolCall call) {
    return PythonJson.parseOrString(call.arguments());
  }
}
