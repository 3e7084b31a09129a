package io.infer4j.samples.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ChatMessage;
import io.infer4j.EmbeddingRequest;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.ToolCall;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import io.infer4j.testing.FakeBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Tools, structured answers, embeddings" code, run against the fake backend (any
 * backend with the capabilities answers the same code).
 */
class ToolsAndStructuredAnswersExampleTest {

  record City(String name) {}

  record Verdict(String label, double confidence, List<String> reasons) {}

  @Test
  void aToolCallAndItsResult() {
    FakeBackend fake = FakeBackend.create()
        .replyToolCall("get_weather", new City("Oslo"))
        .reply("Yes: 4.2 mm of rain in Oslo right now.");
    try (InferenceClient client = InferenceClients.of("fake", fake)) {
      // README: a tool call and its result
      ToolDefinition weather = ToolDefinition.of("get_weather", "Current weather in a city", City.class);
      InferenceRequest ask = InferenceRequest.builder().user("Is it raining in Oslo?").tool(weather)
          .toolChoice(ToolChoice.REQUIRED).build();        // else the model may answer in text
      InferenceResponse first = client.generate(ask);
      ToolCall call = first.toolCalls().get(0);
      City city = call.arguments(City.class);
      InferenceResponse answer = client.generate(ask.toBuilder()
          .message(ChatMessage.assistant(first.toolCalls()))
          .message(ChatMessage.tool(call.id(), "{\"rain_mm\": 4.2}"))
          .toolChoice(ToolChoice.AUTO).build());             // now the answer in text

      assertEquals(FinishReason.TOOL_CALLS, first.finishReason());
      assertEquals(new City("Oslo"), city);
      assertTrue(answer.text().contains("4.2 mm"), answer.text());
      fake.assertToolResultSent(call.id());
    }
  }

  @Test
  void aRecordTypedAnswer() {
    FakeBackend fake = FakeBackend.create()
        .replyJson(new Verdict("mixed", 0.8, List.of("battery praised", "screen criticised")));
    try (InferenceClient client = InferenceClients.of("fake", fake)) {
      // README: a record-typed answer
      Verdict v = client.generate(InferenceRequest.builder()
              .user("Is this review positive? 'Great battery, awful screen.'")
              .responseFormat(Verdict.class)
              .build())
          .as(Verdict.class);

      assertEquals("mixed", v.label());
      assertEquals(2, v.reasons().size());
    }
  }

  @Test
  void embeddings() {
    try (InferenceClient client = InferenceClients.of("fake", FakeBackend.create())) {
      float[] first = client.embed(EmbeddingRequest.of("first text", "second text")).vector(0);
      assertEquals(256, first.length, "the fake's hashed vectors");
    }
  }
}
