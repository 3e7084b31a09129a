package io.infer4j.runtime.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ToolCall;
import io.infer4j.runtime.ChatFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCallReaderTest {
  private static final ToolSyntax HERMES = ToolSyntax.of(ChatFormat.CHATML).orElseThrow();
  private static final ToolSyntax LLAMA3 = ToolSyntax.of(ChatFormat.LLAMA3).orElseThrow();

  /** Feeds {@code pieces}; returns what was delivered and the calls. */
  private static ToolCallReader.Result read(ToolSyntax syntax, int first, String... pieces) {
    ToolCallReader r = syntax.reader(first);
    StringBuilder out = new StringBuilder();
    for (String p : pieces) {
      out.append(r.accept(p));
    }
    ToolCallReader.Result end = r.finish();
    return new ToolCallReader.Result(out + end.text(), end.calls());
  }

  @Test
  void hermesCallsAreReadAndTheirTextHeldBackWhileContentBeforeThemStreams() {
    ToolCallReader r = HERMES.reader(3);
    assertEquals("Let me check.\n", r.accept("Let me check.\n<tool"));
    assertEquals("", r.accept("_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\":"));
    assertEquals("", r.accept(" \"Paris\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"now\","
        + " \"arguments\": {}}\n</tool_call>"));
    ToolCallReader.Result end = r.finish();
    assertEquals("", end.text());
    assertEquals(List.of(new ToolCall("call_3", "get_weather", "{\"city\":\"Paris\"}"),
        new ToolCall("call_4", "now", "{}")), end.calls());
  }

  @Test
  void hermesTextThatOnlyLooksLikeTheMarkerIsDelivered() {
    ToolCallReader.Result r = read(HERMES, 0, "a <to", "ol> b <tool_c");
    assertEquals("a <tool> b <tool_c", r.text());
    assertTrue(r.calls().isEmpty());
  }

  @Test
  void aMalformedHermesCallIsDeliveredAsText() {
    String cut = "<tool_call>\n{\"name\": \"get_weather\", \"argu";
    ToolCallReader.Result r = read(HERMES, 0, cut);
    assertEquals(cut, r.text());
    assertTrue(r.calls().isEmpty());
  }

  @Test
  void aLlama3AnswerThatIsACallObjectIsACall() {
    ToolCallReader.Result r = read(LLAMA3, 0, " {\"name\": \"get_weather\", ",
        "\"parameters\": {\"city\": \"Paris\"}}\n");
    assertEquals("", r.text());
    assertEquals(List.of(new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}")),
        r.calls());
    assertEquals(List.of(new ToolCall("call_0", "now", "{}")),
        read(LLAMA3, 0, "{\"name\":\"now\",\"arguments\":\"{}\"}").calls(),
        "arguments as a JSON string are read too");
  }

  @Test
  void aLlama3TextAnswerStreamsAndJsonThatIsNoCallIsDeliveredAtTheEnd() {
    ToolCallReader r = LLAMA3.reader(0);
    assertEquals("", r.accept("  "));
    assertEquals("  It is", r.accept("It is"));
    assertEquals(" sunny", r.accept(" sunny"));
    assertTrue(r.finish().calls().isEmpty());
    ToolCallReader.Result json = read(LLAMA3, 0, "{\"a\": 1}");
    assertEquals("{\"a\": 1}", json.text());
    assertTrue(json.calls().isEmpty());
  }
}
