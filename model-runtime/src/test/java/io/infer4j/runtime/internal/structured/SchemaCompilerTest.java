package io.infer4j.runtime.internal.structured;

import static io.infer4j.runtime.internal.structured.Documents.accepts;
import static io.infer4j.runtime.internal.structured.Documents.isPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import io.infer4j.ToolDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCompilerTest {
  static final String PERSON = """
      {"type":"object","properties":{
        "name":{"type":"string","description":"who"},
        "age":{"type":"integer"},
        "color":{"enum":["red","green","blue"]},
        "tags":{"type":"array","items":{"type":"string"},"maxItems":3}},
       "required":["name","age","color","tags"],"additionalProperties":false}""";

  private static OutputGrammar schema(String s) {
    return OutputGrammar.jsonSchema(s, "responseFormat.schema");
  }

  @Test
  void anObjectSchemaAcceptsItsDocumentsInDeclaredOrderWithBoundedWhiteSpace() {
    OutputGrammar g = schema(PERSON);
    assertTrue(accepts(g, "{\"name\":\"Ann\",\"age\":7,\"color\":\"red\",\"tags\":[]}"));
    assertTrue(accepts(g, "{ \"name\": \"A\\\"b\\u00e9\", \"age\": -12, \"color\": \"blue\","
        + "\n  \"tags\": [\"x\", \"y\", \"é日😀\"]\n}"));
    assertFalse(isPrefix(g, "{\"age\""), "declared order");
    assertFalse(isPrefix(g, "{\"name\":\"A\",\"age\":7,\"color\":\"pink\""), "enum");
    assertFalse(isPrefix(g, "{\"name\":\"A\",\"age\":7.5"), "integer");
    assertFalse(accepts(g, "{\"name\":\"A\",\"age\":7,\"color\":\"red\"}"), "required tags");
    assertFalse(isPrefix(g, "{\"name\":\"A\",\"age\":7,\"color\":\"red\",\"tags\":[\"1\",\"2\",\"3\",\"4\""),
        "maxItems");
    assertFalse(isPrefix(g, "{" + " ".repeat(2)), "one space at most");
    assertFalse(isPrefix(g, "{\n" + " ".repeat(21)), "twenty spaces of indent at most");
    assertFalse(isPrefix(g, "{\"name\":\"\u0001"), "no control characters in strings");
    assertFalse(isPrefix(g, "{\"name\":\"\\x"), "only JSON escapes");
    assertTrue(Documents.end(g, "{\"name\":\"A\",\"age\":7,\"color\":\"red\",\"tags\":[]}")
        .complete(), "nothing may follow a complete object");
  }

  @Test
  void invalidUtf8IsNotAPrefix() {
    OutputGrammar g = schema("{\"type\":\"string\"}");
    MatchState s = Documents.end(g, "\"");
    GrammarMatcher m = new GrammarMatcher(g.grammar());
    s = m.advance(m.start(), new byte[] {'"'});
    assertTrue(m.advance(s, new byte[] {(byte) 0xC3, (byte) 0xA9}).stacks.length > 0);
    assertTrue(m.advance(s, new byte[] {(byte) 0xC0}).dead(), "overlong lead byte");
    assertTrue(m.advance(s, new byte[] {(byte) 0xED, (byte) 0xA0}).dead(), "surrogate");
    assertTrue(m.advance(s, new byte[] {(byte) 0x80}).dead(), "lone continuation byte");
  }

  @Test
  void optionalPropertiesMayBeLeftOutWithCommasRight() {
    OutputGrammar g = schema("""
        {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"},
         "c":{"type":"null"}},"required":["b"]}""");
    assertTrue(accepts(g, "{\"b\":true}"));
    assertTrue(accepts(g, "{\"a\":1,\"b\":false,\"c\":null}"));
    assertTrue(accepts(g, "{\"b\":false,\"c\":null}"));
    assertFalse(isPrefix(g, "{,"));
    assertFalse(isPrefix(g, "{\"a\":1,\"c\""), "b is required");
  }

  @Test
  void typeArraysNumbersAnyOfRefsAndConstCompile() {
    OutputGrammar g = schema("""
        {"$defs":{"Point":{"type":"object","properties":{"x":{"type":"number"}},
          "required":["x"],"additionalProperties":false}},
         "type":"object","properties":{
          "p":{"$ref":"#/$defs/Point"},
          "q":{"anyOf":[{"$ref":"#/$defs/Point"},{"type":"null"}]},
          "v":{"type":["string","integer"]},
          "k":{"const":"fixed"},
          "m":{"type":"object","additionalProperties":{"type":"integer"}},
          "n":{"type":"array","minItems":2}},
         "required":["p","q","v","k","m","n"]}""");
    assertTrue(accepts(g, "{\"p\":{\"x\":-1.5e+10},\"q\":null,\"v\":\"s\",\"k\":\"fixed\","
        + "\"m\":{},\"n\":[1,{\"a\":[true,null]}]}"));
    assertTrue(accepts(g, "{\"p\":{\"x\":0.25},\"q\":{\"x\":3},\"v\":42,\"k\":\"fixed\","
        + "\"m\":{\"z\":1,\"y\":2},\"n\":[[],\"\"]}"));
    assertFalse(isPrefix(g, "{\"p\":{\"x\":01"), "no leading zero");
    assertFalse(accepts(g, "{\"p\":{\"x\":1},\"q\":null,\"v\":1,\"k\":\"fixed\",\"m\":{},\"n\":[1]}"),
        "minItems");
  }

  @Test
  void numbersHaveBoundedDigits() {
    OutputGrammar g = schema("{\"type\":\"integer\"}");
    assertTrue(accepts(g, "1234567890123456"));
    assertFalse(isPrefix(g, "12345678901234567"));
  }

  @Test
  void anyObjectAcceptsNestedJsonButNotOtherValues() {
    OutputGrammar g = OutputGrammar.jsonObject();
    assertTrue(accepts(g, "{\"a\":[1,2,{\"b\":null}],\"c\":\"d\",\"e\":{}}"));
    assertTrue(accepts(g, "{}"));
    assertFalse(isPrefix(g, "["));
    assertFalse(isPrefix(g, " {"), "no white space before the document");
  }

  @Test
  void aToolCallIsTheNameThenArgumentsValidForThatTool() {
    OutputGrammar g = OutputGrammar.toolCall(List.of(
        new ToolDefinition("get_weather", "", "{\"type\":\"object\",\"properties\":{\"city\":"
            + "{\"type\":\"string\"}},\"required\":[\"city\"],\"additionalProperties\":false}"),
        ToolDefinition.of("now", "")), "arguments", "<tool_call>\n", "\n</tool_call>");
    assertTrue(accepts(g, "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": "
        + "{\"city\": \"Paris\"}}\n</tool_call>"));
    assertTrue(accepts(g, "<tool_call>\n{\"name\":\"now\",\"arguments\":{\"x\":1}}\n</tool_call>"));
    assertFalse(isPrefix(g, "<tool_call>\n{\"name\":\"now\",\"arguments\":{\"x\":1}}\n</tool"
        + "_call>x"));
    assertFalse(isPrefix(g, "<tool_call>\n{\"name\":\"get_weather\",\"arguments\":{\"town\""));
    assertFalse(isPrefix(g, "<tool_call>\n{\"name\":\"other\""));
  }

  @Test
  void anUnsupportedKeywordIsRefusedWithItsPathAndTheField() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> schema(
        "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"a+\"}}}"));
    assertEquals("responseFormat.schema", e.field());
    assertTrue(e.getMessage().contains("$.properties.s") && e.getMessage().contains("'pattern'"),
        e.getMessage());
    InvalidRequestException t = assertThrows(InvalidRequestException.class,
        () -> OutputGrammar.toolCall(List.of(new ToolDefinition("f", "",
            "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":3}}}")),
            "parameters", "", ""));
    assertEquals("tools[f].parameters", t.field());
    assertTrue(t.getMessage().contains("'minimum'"), t.getMessage());
  }

  @Test
  void aRecursiveRefIsRefused() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> schema("""
        {"$defs":{"Node":{"type":"object","properties":{"next":{"$ref":"#/$defs/Node"}}}},
         "$ref":"#/$defs/Node"}"""));
    assertTrue(e.getMessage().contains("refers to itself"), e.getMessage());
  }

  @Test
  void unsatisfiableSchemasAreRefused() {
    assertThrows(InvalidRequestException.class, () -> schema("false"));
    assertThrows(InvalidRequestException.class,
        () -> schema("{\"type\":\"integer\",\"enum\":[\"a\"]}"));
    assertThrows(InvalidRequestException.class,
        () -> schema("{\"type\":\"array\",\"minItems\":3,\"maxItems\":2}"));
    assertThrows(InvalidRequestException.class, () -> schema("{\"$ref\":\"#/$defs/Missing\"}"));
  }
}
