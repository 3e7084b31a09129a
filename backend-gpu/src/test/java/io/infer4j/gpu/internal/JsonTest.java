package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesNestedObjectsNumbersAndEscapedStringsInInsertionOrder() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("x", 1.5);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "a \"b\"\n");
    fields.put("count", 3);
    fields.put("bytes", 12345678901L);
    fields.put("ms", 2.0);
    fields.put("ok", true);
    fields.put("inner", inner);
    assertEquals(
        "{\"name\":\"a \\\"b\\\"\\n\",\"count\":3,\"bytes\":12345678901,\"ms\":2.0,\"ok\":true,\"inner\":{\"x\":1.5}}",
        Json.write(fields));
  }
}
