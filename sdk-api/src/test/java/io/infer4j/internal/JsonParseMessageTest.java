package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import io.infer4j.StructuredOutputException;
import org.junit.jupiter.api.Test;

/** A JSON answer or field that does not parse is explained without the parser's source notes. */
class JsonParseMessageTest {

  @Test
  void anUnclosedObjectSaysWhereItStartedInLinesAndColumns() {
    StructuredOutputException e = assertThrows(StructuredOutputException.class,
        () -> Json.tree("{\"verdict\": \"ok\"", "answer"));

    assertTrue(e.getMessage().contains("not JSON: Unexpected end-of-input: expected close marker"
        + " for Object (start marker at line 1, column 1)"), e.getMessage());
    assertFalse(e.getMessage().contains("Source:"), e.getMessage());
    assertFalse(e.getMessage().contains("StreamReadFeature"), e.getMessage());
  }

  @Test
  void aRequestFieldThatIsNotJsonIsExplainedTheSameWay() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> Json.requestTree("[1, 2", "tools[0].parameters"));

    assertTrue(e.getMessage().startsWith("invalid request: tools[0].parameters: is not JSON: "),
        e.getMessage());
    assertFalse(e.getMessage().contains("Source:"), e.getMessage());
  }
}
