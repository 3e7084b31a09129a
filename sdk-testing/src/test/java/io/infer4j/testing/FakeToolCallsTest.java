package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.ChatMessage;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.StructuredOutputException;
import io.infer4j.TokenChunk;
import io.infer4j.ToolCall;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scripted tool calls, through a client, so the SDK's checks of the calls run as for any backend. */
class FakeToolCallsTest {

  record City(String city) {}

  static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "The weather now", City.class);
  static final ToolDefinition TIME = ToolDefinition.of("get_time", "The local time", City.class);

  private final FakeBackend fake = FakeBackend.create();
  private final InferenceClient client = fake.client();

  @AfterEach
  void closeClient() {
    client.close();
  }

  private static InferenceRequest ask(String question) {
    return InferenceRequest.builder().user(question).tool(WEATHER).tool(TIME).build();
  }

  @Test
  void aScriptedToolCallReadsBackIntoTheArgumentsRecord() {
    fake.replyToolCall("get_weather", new City("Paris"));
    InferenceResponse r = client.generate(ask("Weather in Paris?"));
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals("", r.text());
    assertEquals(1, r.toolCalls().size());
    ToolCall call = r.toolCalls().get(0);
    assertEquals("call_1", call.id());
    assertEquals("get_weather", call.name());
    assertEquals(new City("Paris"), call.arguments(City.class));
    assertEquals(0, r.usage().completionTokens(), "a tool call delivers no chunks");
  }

  @Test
  void parallelCallsComeInTheirOrderNumberedUnlessGivenAnId() {
    fake.replyToolCalls(
        FakeToolCall.of("get_weather", new City("Paris")),
        FakeToolCall.of("get_time", "{\"city\": \"Tokyo\"}"),
        FakeToolCall.of("get_weather", new City("Rome")).withId("mine"));
    List<ToolCall> calls = client.generate(ask("Paris, Tokyo, Rome?")).toolCalls();
    assertEquals(List.of("call_1", "call_2", "mine"), calls.stream().map(ToolCall::id).toList());
    assertEquals(List.of("get_weather", "get_time", "get_weather"),
        calls.stream().map(ToolCall::name).toList());
    assertEquals(new City("Tokyo"), calls.get(1).arguments(City.class));
  }

  @Test
  void callNumbersCountEveryCallTheFakeMadeUntilReset() {
    fake.replyToolCall("get_weather", new City("A")).replyToolCall("get_time", new City("B"));
    assertEquals("call_1", client.generate(ask("a")).toolCalls().get(0).id());
    assertEquals("call_2", client.generate(ask("b")).toolCalls().get(0).id());
    fake.reset().replyToolCall("get_weather", new City("C"));
    assertEquals("call_1", client.generate(ask("c")).toolCalls().get(0).id());
  }

  @Test
  void aToolCallRoundTripEndsWithTheScriptedAnswer() {
    fake.replyToolCall("get_weather", new City("Paris")).reply("Sunny, 21 degrees.");
    InferenceRequest first = ask("Weather in Paris?");
    InferenceResponse call = client.generate(first);

    InferenceRequest followUp = first.toBuilder()
        .message(ChatMessage.assistant(call.toolCalls()))
        .message(ChatMessage.tool("call_1", "{\"sky\": \"sunny\", \"celsius\": 21}"))
        .build();
    InferenceResponse answer = client.generate(followUp);

    assertEquals("Sunny, 21 degrees.", answer.text());
    assertEquals(FinishReason.STOP, answer.finishReason());
    assertTrue(answer.toolCalls().isEmpty());
    fake.assertRequestCount(2).assertToolOffered("get_weather").assertToolResultSent("call_1");
    assertEquals(call.toolCalls(), fake.lastRequest().messages().get(1).toolCalls());
  }

  @Test
  void aStreamedToolCallAnswerHasNoChunksAndItsCallsInTheResponse() {
    fake.replyToolCall("get_time", new City("Tokyo"));
    List<TokenChunk> chunks = new ArrayList<>();
    InferenceResponse r;
    try (InferenceStream stream = client.stream(ask("Time in Tokyo?"))) {
      stream.forEach(chunks::add);
      r = stream.response();
    }
    assertEquals(List.of(), chunks);
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals("get_time", r.toolCalls().get(0).name());
  }

  @Test
  void aRuleAnswersEveryRequestThatOffersTheTool() {
    fake.whenToolOffered("get_weather").replyToolCall("get_weather", new City("Oslo"));
    assertEquals("call_1", client.generate(ask("one")).toolCalls().get(0).id());
    assertEquals("call_2", client.generate(ask("two")).toolCalls().get(0).id());
    assertEquals("no tools", client.generate(InferenceRequest.ofUserMessage("no tools")).text());
  }

  @Test
  void argumentsThatBreakTheToolsSchemaFailInTheClient() {
    fake.replyToolCall("get_weather", "{\"town\": \"Paris\"}");
    StructuredOutputException e =
        assertThrows(StructuredOutputException.class, () -> client.generate(ask("Paris?")));
    assertEquals("tool_calls[call_1] (get_weather).arguments", e.target());
    assertEquals("{\"town\": \"Paris\"}", e.output());
  }

  @Test
  void aCallOfAToolTheRequestDidNotOfferFailsInTheClient() {
    fake.replyToolCall("book_flight", "{}");
    StructuredOutputException e =
        assertThrows(StructuredOutputException.class, () -> client.generate(ask("Fly me")));
    assertTrue(e.getMessage().contains("no tool named 'book_flight'"), e.getMessage());
  }

  @Test
  void anUnscriptedRequestThatRequiresAToolCallFailsSayingHowToScriptIt() {
    InferenceRequest required = ask("Weather?").toBuilder().toolChoice(ToolChoice.REQUIRED).build();
    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> client.generate(required));
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("replyToolCall(\"get_weather\", arguments)"), e.getMessage());
    InferenceRequest named = ask("Time?").toBuilder().toolChoice(ToolChoice.tool("get_time")).build();
    BackendUnavailableException n =
        assertThrows(BackendUnavailableException.class, () -> client.generate(named));
    assertTrue(n.getMessage().contains("names 'get_time'"), n.getMessage());
  }

  @Test
  void anUnscriptedRequestWithToolsOnAutoIsEchoed() {
    assertEquals("Just chat.", client.generate(ask("Just chat.")).text());
  }

  @Test
  void theToolAssertionsSayWhatWasSent() {
    client.generate(ask("x"));
    AssertionError offered = assertThrows(AssertionError.class, () -> fake.assertToolOffered("nope"));
    assertTrue(offered.getMessage().contains("[1] tools [get_weather, get_time]"), offered.getMessage());
    AssertionError result = assertThrows(AssertionError.class, () -> fake.assertToolResultSent("call_9"));
    assertTrue(result.getMessage().contains("no request carried a tool result"), result.getMessage());
  }
}
