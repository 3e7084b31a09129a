package io.infer4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.infer4j.InvalidRequestException;
import io.infer4j.StructuredOutputException;

/** The SDK's one JSON reader and writer (Jackson), for tool arguments and structured answers. Not API. */
public final class Json {

  /**
   * Thread-safe once configured. Unknown properties are ignored when binding to a type; {@code
   * Optional} components read {@code null} as empty (the schemas {@code JsonSchemas} derives allow
   * it).
   */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /**
   * Reads {@code text} into {@code type}.
   *
   * @param target what the text is, for the error
   * @throws StructuredOutputException saying where the text does not read
   */
  public static <T> T read(String text, Class<T> type, String target) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new StructuredOutputException(target, location(e), plain(e), text, e);
    }
  }

  /**
   * Parses {@code text} as a JSON document.
   *
   * @throws StructuredOutputException when it is not JSON, saying where
   */
  public static JsonNode tree(String text, String target) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new StructuredOutputException(target, "$", "empty: no JSON value", text);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new StructuredOutputException(target, location(e), "not JSON: " + plain(e), text, e);
    }
  }

  /** Parses a request field that must be JSON, failing with {@link InvalidRequestException}. */
  public static JsonNode requestTree(String text, String field) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new InvalidRequestException(field, "is empty, not JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(field, "is not JSON: " + plain(e), e);
    }
  }

  /** {@code text} without insignificant white space. */
  public static String compact(String text, String field) {
    return requestTree(text, field).toString();
  }

  private static final java.util.regex.Pattern SOURCE =
      java.util.regex.Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

  /**
   * The parser's message with its own locations said plainly: Jackson writes a place it refers
   * to (an object's start) as {@code [Source: REDACTED (`StreamReadFeature...` disabled); line:
   * 1, column: 1]}, which tells a reader of the message nothing the line and column do not.
   */
  private static String plain(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    return m == null ? e.getClass().getSimpleName() : SOURCE.matcher(m).replaceAll("line $1, column $2");
  }

  private static String location(JsonProcessingException e) {
    var l = e.getLocation();
    String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException m
        && !m.getPath().isEmpty() ? pathOf(m) : "$";
    return l == null ? path : path + " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
  }

  private static String pathOf(com.fasterxml.jackson.databind.JsonMappingException m) {
    StringBuilder b = new StringBuilder("$");
    for (var ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        b.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.toString();
  }
}
