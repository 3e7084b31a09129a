package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineTest {

  private static Map<String, Object> fields() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("x", 0.5);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "a\"b\\c\n\u0001");
    fields.put("count", 42);
    fields.put("bytes", 12345678901L);
    fields.put("ms", 3.14159);
    fields.put("whole", 2.0);
    fields.put("ok", true);
    fields.put("none", null);
    fields.put("nan", Double.NaN);
    fields.put("inner", inner);
    return fields;
  }

  @Test
  void writesFieldsInOrderWithEscapedStringsAndEveryDigitOfDoubles() {
    assertEquals("{\"name\":\"a\\\"b\\\\c\\n\\u0001\",\"count\":42,\"bytes\":12345678901,"
            + "\"ms\":3.14159,\"whole\":2.0,\"ok\":true,\"none\":null,\"nan\":null,"
            + "\"inner\":{\"x\":0.5}}",
        JsonLine.write(fields()));
  }

  @Test
  void roundedDoublesDropTrailingZerosAndNegativeZero() {
    Map<String, Object> fields = fields();
    fields.put("tiny", -0.0001);
    fields.put("big", 12345678.9);
    assertEquals("{\"name\":\"a\\\"b\\\\c\\n\\u0001\",\"count\":42,\"bytes\":12345678901,"
            + "\"ms\":3.142,\"whole\":2,\"ok\":true,\"none\":null,\"nan\":null,"
            + "\"inner\":{\"x\":0.5},\"tiny\":0,\"big\":12345678.9}",
        JsonLine.writeRounded(fields, 3));
  }

  @Test
  void listsAreArraysOfAnyValue() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("rows", java.util.List.of(Map.of("a", 1.23456), 2, "x"));
    fields.put("empty", java.util.List.of());
    assertEquals("{\"rows\":[{\"a\":1.235},2,\"x\"],\"empty\":[]}", JsonLine.writeRounded(fields, 3));
  }

  @Test
  void aNegativeNumberOfDecimalsIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> JsonLine.writeRounded(Map.of(), -1));
  }
}
