package io.infer4j.testing.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;

/**
 * JSON for scripted answers: values written by Jackson with the module the SDK reads {@code
 * Optional} with (so {@code InferenceResponse.as} and {@code ToolCall.arguments} read them back), on one line with a space
 * after each {@code :} and {@code ,} ({@code {"city": "Paris", "celsius": 21}}), so a structured
 * answer streams in several word chunks as a model's would. Thread-safe. Not API.
 */
public final class FakeJson {

  /** Stateless, so one instance serves every writer. */
  private static final MinimalPrettyPrinter SPACED = new MinimalPrettyPrinter() {
    private static final long serialVersionUID = 1L;

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  };

  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module());
  private static final ObjectWriter WRITER = MAPPER.writer(SPACED);
  private static final ObjectReader STRICT_READER =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private FakeJson() {}

  /**
   * {@code value} as JSON text.
   *
   * @throws IllegalArgumentException when Jackson cannot write it
   */
  public static String write(Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot write " + (value == null ? "null" : value.getClass().getName()) + " as JSON: "
              + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@code text}, checked to be one JSON value.
   *
   * @throws IllegalArgumentException saying where it is not
   */
  public static String requireJson(String text) {
    try {
      if (text.isBlank()) {
        throw new IllegalArgumentException("empty text is not JSON");
      }
      STRICT_READER.readTree(text);
      return text;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage()
          + " (to script an answer that is not valid JSON, use reply(text))", e);
    }
  }

  /**
   * JSON the request already checked when it was built (a tool's parameters, a response format's
   * schema), as a tree.
   *
   * @throws IllegalStateException if it does not parse after all
   */
  public static JsonNode tree(String checkedJson) {
    try {
      return STRICT_READER.readTree(checkedJson);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON the request checked does not parse: "
          + e.getOriginalMessage(), e);
    }
  }
}
