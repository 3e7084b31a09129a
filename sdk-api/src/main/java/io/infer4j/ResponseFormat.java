package io.infer4j;

import io.infer4j.internal.JsonSchemaCheck;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The form of the answer: free text, any JSON object, or JSON valid against a schema. With a JSON
 * form the client checks the answer before returning it and fails with {@link
 * StructuredOutputException}, saying where, when it is not valid; {@link
 * InferenceResponse#as(Class)} reads it into a record.
 *
 * @param kind text, JSON object or JSON Schema
 * @param name the schema's name (the OpenAI wire format asks for one), for {@link Kind#JSON_SCHEMA}
 * @param schema the JSON Schema as JSON text, for {@link Kind#JSON_SCHEMA}; {@code null} otherwise
 * @param strict whether the provider should enforce the schema exactly (OpenAI's {@code strict};
 *     in-process backends always enforce it by constrained decoding)
 */
public record ResponseFormat(Kind kind, String name, String schema, boolean strict) {

  /** What the answer must be. */
  public enum Kind {
    /** Free text. */
    TEXT,
    /** A JSON object, any shape. */
    JSON_OBJECT,
    /** JSON valid against {@link ResponseFormat#schema()}. */
    JSON_SCHEMA
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Free text (the default). */
  public static final ResponseFormat TEXT = new ResponseFormat(Kind.TEXT, null, null, false);

  /** Any JSON object. */
  public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Kind.JSON_OBJECT, null, null, false);

  /**
   * Validates the format.
   *
   * @throws NullPointerException if {@code kind} is {@code null}
   * @throws InvalidRequestException naming {@code responseFormat.name} or {@code
   *     responseFormat.schema} when a schema format lacks a valid name or a JSON Schema
   */
  public ResponseFormat {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.JSON_SCHEMA) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new InvalidRequestException("responseFormat.name",
            "must be 1-64 letters, digits, '_' or '-': " + name);
      }
      if (schema == null) {
        throw new InvalidRequestException("responseFormat.schema", "must be given for JSON_SCHEMA");
      }
      JsonSchemaCheck.requireSchema(schema, "responseFormat.schema");
    } else if (name != null || schema != null) {
      throw new InvalidRequestException("responseFormat", kind + " takes no name or schema");
    }
  }

  /**
   * {@return JSON valid against {@code schema}, enforced strictly}
   *
   * @param name the schema's name, 1 to 64 letters, digits, '_' or '-'
   * @param schema the JSON Schema, as JSON text
   * @throws InvalidRequestException if the name is not valid or the schema is not a JSON Schema
   */
  public static ResponseFormat jsonSchema(String name, String schema) {
    return new ResponseFormat(Kind.JSON_SCHEMA, name, schema, true);
  }

  /**
   * {@return JSON that reads into {@code type}: the schema {@link JsonSchemas#of} derives, named
   * after it}
   *
   * @param type the record or class the answer is read into
   */
  public static ResponseFormat of(Class<?> type) {
    return jsonSchema(type.getSimpleName(), JsonSchemas.of(type));
  }

  /** {@return whether the answer must be JSON} */
  public boolean isJson() {
    return kind != Kind.TEXT;
  }
}
