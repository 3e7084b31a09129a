package io.infer4j;

import io.infer4j.internal.Json;
import java.util.Map;

/**
 * A call of one of the request's tools, as the model made it: the application runs the tool and
 * sends the result back with {@link ChatMessage#tool(String, String)}.
 *
 * @param id the call's id, which the tool result names; unique within a response
 * @param name the tool's name, one of the request's {@link ToolDefinition}s
 * @param arguments the arguments as JSON text (an object), exactly as the model wrote them; the
 *     client has checked them against the tool's parameter schema before handing the call out
 */
public record ToolCall(String id, String name, String arguments) {

  /**
   * Validates the call; {@code null} or blank arguments become {@code {}}.
   *
   * @throws IllegalArgumentException if {@code id} or {@code name} is {@code null} or blank
   */
  public ToolCall {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("tool call id must not be blank");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("tool call name must not be blank");
    }
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }

  /**
   * {@return the arguments read into {@code type} (a record or bean Jackson can bind; unknown properties
   * are ignored)}
   *
   * @param <T> the type read into
   * @param type the record or bean to read the arguments into
   * @throws StructuredOutputException naming the call when the arguments do not bind
   */
  public <T> T arguments(Class<T> type) {
    return Json.read(arguments, type, "tool_calls[" + id + "] (" + name + ").arguments");
  }

  /** {@return the arguments as a map of JSON values (String, Number, Boolean, List, Map, or null)} */
  @SuppressWarnings("unchecked")
  public Map<String, Object> argumentsMap() {
    return Json.read(arguments, Map.class, "tool_calls[" + id + "] (" + name + ").arguments");
  }
}
