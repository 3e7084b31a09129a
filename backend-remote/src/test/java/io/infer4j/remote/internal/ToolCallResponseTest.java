package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.StructuredOutputException;
import io.infer4j.TokenChunk;
import io.infer4j.ToolCall;
import io.infer4j.ToolDefinition;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tool calls in answers: streamed fragments joined by index, whole calls, broken ones. */
class ToolCallResponseTest {

  record Weather(String city, int days) {}

  record Time(String zone) {}

  private static final InferenceRequest ASK = InferenceRequest.builder().user("Oslo and Lima?")
      .tool(ToolDefinition.of("get_weather", "forecast", Weather.class))
      .tool(ToolDefinition.of("get_time", "local time", Time.class)).build();

  private final MockWebServer server = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (remote != null) {
      remote.close();
    }
    server.close();
  }

  @Test
  void twoParallelCallsStreamedInFragmentsAreJoinedByIndex() throws Exception {
    server.enqueue(Remote.sse(Sse.stream()
        .toolCall(0, "call_a", "get_weather", "")
        .toolCall(0, null, null, "{\"city\":")
        .toolCall(1, "call_b", "get_time", "{\"zo")
        .toolCall(0, null, null, "\"Oslo\",\"days\":3}")
        .toolCall(1, null, null, "ne\":\"America/Lima\"}")
        .finish("tool_calls").usage(20, 30).done().body()));
    remote = Remote.to(server);
    InferenceResponse r;
    int chunks = 0;
    try (InferenceStream s = remote.client.stream(ASK)) {
      for (TokenChunk ignored : s) {
        chunks++;
      }
      r = s.response();
    }
    assertEquals(0, chunks, "tool-call fragments make no text chunks");
    assertEquals("", r.text());
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    List<ToolCall> calls = r.toolCalls();
    assertEquals(2, calls.size());
    assertEquals("call_a", calls.get(0).id());
    assertEquals("get_weather", calls.get(0).name());
    assertEquals(new Weather("Oslo", 3), calls.get(0).arguments(Weather.class));
    assertEquals("call_b", calls.get(1).id());
    assertEquals(new Time("America/Lima"), calls.get(1).arguments(Time.class));
  }

  @Test
  void aWholeAnswersCallsAreRead() throws Exception {
    server.enqueue(Remote.json(200, "{\"model\":\"m1\",\"choices\":[{\"index\":0,\"message\":{"
        + "\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_9\","
        + "\"type\":\"function\",\"function\":{\"name\":\"get_time\","
        + "\"arguments\":\"{\\\"zone\\\":\\\"UTC\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":7}}"));
    remote = Remote.to(server, "stream", "false");
    InferenceResponse r = remote.client.generate(ASK);
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(List.of(new ToolCall("call_9", "get_time", "{\"zone\":\"UTC\"}")), r.toolCalls());
    assertEquals(new Time("UTC"), r.toolCalls().get(0).arguments(Time.class));
  }

  @Test
  void argumentsThatAreNotJsonFailTheClientsCheckNamingTheCall() throws Exception {
    server.enqueue(Remote.sse(Sse.stream().toolCall(0, "call_x", "get_weather", "{\"city\": Oslo")
        .finish("tool_calls").done().body()));
    remote = Remote.to(server);
    StructuredOutputException e =
        assertThrows(StructuredOutputException.class, () -> remote.client.generate(ASK));
    assertEquals("tool_calls[call_x] (get_weather).arguments", e.target());
    assertEquals("{\"city\": Oslo", e.output());
  }

  @Test
  void aStreamThatEndsMidCallEndsIncompleteWithTheCallSoFar() throws Exception {
    server.enqueue(Remote.sse(Sse.stream().toolCall(0, "call_a", "get_weather", "{\"city\":\"Os")
        .body())); // no finish reason, no [DONE]: the connection just closes
    remote = Remote.to(server);
    try (Generation g = remote.backend.start(ASK, Deadline.none())) {
      assertNull(g.next(), "no text");
      GenerationResult result = g.result();
      assertEquals(FinishReason.INCOMPLETE, result.finishReason());
      assertEquals(List.of(new ToolCall("call_a", "get_weather", "{\"city\":\"Os")), result.toolCalls());
    }
  }

  @Test
  void throughTheClientTheCutArgumentsAreRefusedAsInvalid() throws Exception {
    server.enqueue(Remote.sse(Sse.stream().toolCall(0, "call_a", "get_weather", "{\"city\":\"Os")
        .body()));
    remote = Remote.to(server);
    StructuredOutputException e =
        assertThrows(StructuredOutputException.class, () -> remote.client.generate(ASK));
    assertTrue(e.target().startsWith("tool_calls[call_a]"), e.getMessage());
  }
}
