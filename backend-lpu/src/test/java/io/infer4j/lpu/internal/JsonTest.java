package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesFieldsInOrderWithEscapedStringsAndRoundedNumbers() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("x", 0.5);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "a\"b\\c\n");
    fields.put("count", 42L);
    fields.put("ms", 3.14159);
    fields.put("whole", 2.0);
    fields.put("ok", true);
    fields.put("inner", inner);
    assertEquals(
        "{\"name\":\"a\\\"b\\\\c\\n\",\"count\":42,\"ms\":3.142,\"whole\":2,\"ok\":true,\"inner\":{\"x\":0.5}}",
        Json.write(fields));
  }
}
