package io.infer4j;

import io.infer4j.internal.Json;
import io.infer4j.internal.JsonSchemaCheck;
import java.util.regex.Pattern;

/**
 * A tool the model may call: a name, what it does, and the JSON Schema of its arguments (an
 * object). The OpenAI-compatible servers, and infer4j's in-process backends through the model's
 * chat template, all take this shape.
 *
 * @param name 1 to 64 letters, digits, underscores or dashes (the OpenAI rule)
 * @param description what the tool does, for the model; may be empty
 * @param parameters the JSON Schema of the arguments, as JSON text; {@code {"type":"object"}} when
 *     the tool takes none
 */
public record ToolDefinition(String name, String description, String parameters) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * Validates the tool; a {@code null} description becomes empty, {@code null} or blank
   * parameters {@code {"type":"object"}}.
   *
   * @throws InvalidRequestException naming {@code tools.name} or {@code tools.parameters} when the
   *     name breaks the rule or the parameters are not a JSON Schema of an object
   */
  public ToolDefinition {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidRequestException("tools.name",
          "must be 1-64 letters, digits, '_' or '-': " + (name == null ? "null" : "'" + name + "'"));
    }
    description = description == null ? "" : description;
    parameters = parameters == null || parameters.isBlank() ? "{\"type\":\"object\"}" : parameters;
    JsonSchemaCheck.requireObjectSchema(parameters, "tools[" + name + "].parameters");
  }

  /**
   * {@return a tool whose arguments are the components of {@code argumentsType} (see {@link
   * JsonSchemas})}
   *
   * @param name 1 to 64 letters, digits, underscores or dashes
   * @param description what the tool does, for the model; {@code null} or empty for nothing
   * @param argumentsType the record whose components are the arguments
   * @throws InvalidRequestException if the name breaks the rule
   * @throws IllegalArgumentException if {@code argumentsType} has no JSON Schema
   */
  public static ToolDefinition of(String name, String description, Class<?> argumentsType) {
    return new ToolDefinition(name, description, JsonSchemas.of(argumentsType));
  }

  /**
   * {@return a tool without arguments}
   *
   * @param name 1 to 64 letters, digits, underscores or dashes
   * @param description what the tool does, for the model; {@code null} or empty for nothing
   * @throws InvalidRequestException if the name breaks the rule
   */
  public static ToolDefinition of(String name, String description) {
    return new ToolDefinition(name, description, null);
  }

  /** {@return the parameters schema, compacted (insignificant white space removed)} */
  public String compactParameters() {
    return Json.compact(parameters, "tools[" + name + "].parameters");
  }
}
