package io.infer4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.infer4j.InvalidRequestException;
import io.infer4j.StructuredOutputException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schema (draft 2020-12, the dialect OpenAI's structured outputs take) checks of schemas on
 * requests and of answers against them, with the networknt validator. Compiled schemas are cached
 * by their text (bounded). Thread-safe. Not API.
 */
public final class JsonSchemaCheck {

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  /** The draft 2020-12 meta-schema (bundled with the validator): what a schema itself must satisfy. */
  private static final Schema META = REGISTRY.getSchema(
      SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
  private static final int CACHE_LIMIT = 256;
  private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

  private JsonSchemaCheck() {}

  /**
   * Checks that {@code schema} is a JSON Schema.
   *
   * @throws InvalidRequestException naming {@code field} when it is not JSON, not an object or
   *     boolean, or not a schema the validator can compile
   */
  public static void requireSchema(String schema, String field) {
    compiled(schema, field);
  }

  /** Like {@link #requireSchema}, and the schema must describe an object ({@code "type":"object"}). */
  public static void requireObjectSchema(String schema, String field) {
    JsonNode node = Json.requestTree(schema, field);
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual() || !type.asText().equals("object")) {
      throw new InvalidRequestException(field, "must be a JSON Schema with \"type\": \"object\": " + abbreviate(schema));
    }
    compiled(schema, field);
  }

  /**
   * Checks {@code text} against {@code schema}.
   *
   * @param target what the text is, for the error
   * @throws StructuredOutputException at the first place the text is not JSON or not valid
   */
  public static void validate(String text, String schema, String target) {
    JsonNode node = Json.tree(text, target);
    List<Error> errors = compiled(schema, "schema").validate(node);
    if (!errors.isEmpty()) {
      Error first = errors.get(0);
      String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
      throw new StructuredOutputException(target, jsonPath(first.getInstanceLocation().toString()),
          first.getMessage() + more, text);
    }
  }

  private static Schema compiled(String schema, String field) {
    Schema cached = CACHE.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode node = Json.requestTree(schema, field);
    if (!node.isObject() && !node.isBoolean()) {
      throw new InvalidRequestException(field, "a JSON Schema is an object or a boolean: " + abbreviate(schema));
    }
    List<Error> invalid = META.validate(node);
    if (!invalid.isEmpty()) {
      Error first = invalid.get(0);
      throw new InvalidRequestException(field, "is not a valid JSON Schema (draft 2020-12): at "
          + jsonPath(first.getInstanceLocation().toString()) + ": " + first.getMessage());
    }
    Schema compiled;
    try {
      compiled = REGISTRY.getSchema(schema, InputFormat.JSON);
      compiled.initializeValidators();
    } catch (SchemaException | IllegalArgumentException e) {
      throw new InvalidRequestException(field, "is not a valid JSON Schema: " + e.getMessage(), e);
    }
    if (CACHE.size() >= CACHE_LIMIT) {
      CACHE.clear();
    }
    CACHE.put(schema, compiled);
    return compiled;
  }

  /** A JSON pointer ({@code /a/0/b}) as a path from the root ({@code $.a[0].b}). */
  static String jsonPath(String pointer) {
    StringBuilder b = new StringBuilder("$");
    if (pointer == null || pointer.isEmpty() || pointer.equals("/")) {
      return b.toString();
    }
    for (String raw : pointer.substring(pointer.startsWith("/") ? 1 : 0).split("/", -1)) {
      String part = raw.replace("~1", "/").replace("~0", "~");
      if (part.matches("\\d+")) {
        b.append('[').append(part).append(']');
      } else {
        b.append('.').append(part);
      }
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
