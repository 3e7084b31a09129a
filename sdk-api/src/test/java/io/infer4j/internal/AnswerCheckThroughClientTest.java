package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.ResponseFormat;
import io.infer4j.StructuredOutputException;
import io.infer4j.ToolCall;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.Capability;
import io.infer4j.support.CannedBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's checks of tool calls and JSON answers, the same for every backend. */
class AnswerCheckThroughClientTest {

  record Trip(String from, String to, int seats) {}

  record Person(String name, int age) {}

  static final ToolDefinition BOOK = ToolDefinition.of("book_trip", "Books a trip", Trip.class);

  static final ToolDefinition CANCEL = ToolDefinition.of("cancel", "Cancels everything");

  private static InferenceClient client(CannedBackend backend) {
    return new BackendClient("canned", backend);
  }

  private static InferenceRequest withTools(ToolChoice choice) {
    return InferenceRequest.builder().user("Book Oslo to Bergen for 2").tool(BOOK).tool(CANCEL)
        .toolChoice(choice).build();
  }

  @Test
  void validParallelCallsArriveCheckedAndReadIntoRecords() {
    CannedBackend b = CannedBackend.capableOfAll().calling(
        new ToolCall("call_1", "book_trip", "{\"from\":\"Oslo\",\"to\":\"Bergen\",\"seats\":2}"),
        new ToolCall("call_2", "cancel", ""));
    InferenceResponse r = client(b).generate(withTools(ToolChoice.AUTO));
    assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
    assertEquals(new Trip("Oslo", "Bergen", 2), r.toolCalls().get(0).arguments(Trip.class));
    assertEquals("{}", r.toolCalls().get(1).arguments());
  }

  @Test
  void argumentsThatFailTheirSchemaAreATypedErrorSayingWhere() {
    CannedBackend b = CannedBackend.capableOfAll().calling(
        new ToolCall("call_7", "book_trip", "{\"from\":\"Oslo\",\"to\":\"Bergen\",\"seats\":\"two\"}"));
    StructuredOutputException e = assertThrows(StructuredOutputException.class,
        () -> client(b).generate(withTools(ToolChoice.AUTO)));
    assertEquals("tool_calls[call_7] (book_trip).arguments", e.target());
    assertEquals("$.seats", e.location());
    assertTrue(e.getMessage().contains("integer"), e.getMessage());
  }

  @Test
  void aCallOfAToolNotOfferedOrOfTheWrongNamedToolIsRefused() {
    CannedBackend unknown = CannedBackend.capableOfAll().calling(new ToolCall("c", "delete_all", "{}"));
    StructuredOutputException e = assertThrows(StructuredOutputException.class,
        () -> client(unknown).generate(withTools(ToolChoice.AUTO)));
    assertTrue(e.getMessage().contains("no tool named 'delete_all'") && e.getMessage().contains("book_trip"),
        e.getMessage());
    CannedBackend other = CannedBackend.capableOfAll().calling(new ToolCall("c", "cancel", "{}"));
    assertThrows(StructuredOutputException.class,
        () -> client(other).generate(withTools(ToolChoice.tool("book_trip"))));
  }

  @Test
  void requiredToolChoiceAnsweredInTextIsRefused() {
    CannedBackend b = CannedBackend.capableOfAll().answering(FinishReason.STOP, "I would rather not.");
    StructuredOutputException e = assertThrows(StructuredOutputException.class,
        () -> client(b).generate(withTools(ToolChoice.REQUIRED)));
    assertTrue(e.getMessage().contains("REQUIRED"), e.getMessage());
    assertEquals("I would rather not.", e.output());
  }

  @Test
  void aJsonAnswerIsCheckedAgainstItsSchemaAtTheEndOfTheStream() {
    CannedBackend b = CannedBackend.capableOfAll()
        .answering(FinishReason.STOP, "{\"name\":", "\"Ada\",", "\"age\":-1.5}");
    InferenceRequest request = InferenceRequest.builder().user("who?").responseFormat(Person.class).build();
    List<String> seen = new java.util.ArrayList<>();
    try (InferenceStream stream = client(b).stream(request)) {
      // The text streams as it comes; the stream ends with the error instead of a last chunk.
      StructuredOutputException e = assertThrows(StructuredOutputException.class,
          () -> stream.forEach(chunk -> seen.add(chunk.text())));
      assertEquals("$.age", e.location());
      assertEquals(List.of("{\"name\":", "\"Ada\",", "\"age\":-1.5}"), seen);
      assertThrows(StructuredOutputException.class, stream::response, "and so does the response");
    }
    b.answering(FinishReason.STOP, "{\"name\":\"Ada\",\"age\":36}");
    assertEquals(new Person("Ada", 36), client(b).generate(request).as(Person.class));
  }

  @Test
  void aJsonObjectAnswerMustBeAnObjectAndACutOffAnswerSaysSo() {
    CannedBackend array = CannedBackend.capableOfAll().answering(FinishReason.STOP, "[1, 2]");
    InferenceRequest anyObject = InferenceRequest.builder().user("x").responseFormat(ResponseFormat.JSON_OBJECT).build();
    StructuredOutputException e = assertThrows(StructuredOutputException.class,
        () -> client(array).generate(anyObject));
    assertTrue(e.getMessage().contains("expected a JSON object, got array"), e.getMessage());
    CannedBackend cut = CannedBackend.capableOfAll().answering(FinishReason.LENGTH, "{\"name\": \"Ad");
    StructuredOutputException c = assertThrows(StructuredOutputException.class,
        () -> client(cut).generate(anyObject));
    assertTrue(c.getMessage().contains("LENGTH before it was complete"), c.getMessage());
  }

  @Test
  void aBackendWithoutACapabilityIsNeverStarted() {
    CannedBackend textOnly = new CannedBackend(Capability.CHAT, Capability.STREAMING);
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
        () -> client(textOnly).generate(withTools(ToolChoice.AUTO)));
    assertEquals(Capability.TOOLS, e.capability());
    assertEquals("canned", e.backend());
    assertThrows(UnsupportedCapabilityException.class, () -> client(textOnly).generate(
        InferenceRequest.builder().user("x").responseFormat(ResponseFormat.JSON_OBJECT).build()));
    assertEquals(List.of(), textOnly.started());
  }
}
