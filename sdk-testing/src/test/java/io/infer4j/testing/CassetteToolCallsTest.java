package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.ChatMessage;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.MediaPart;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Record and replay of tool calls, structured answers and what the request key holds of them. */
class CassetteToolCallsTest {

  record City(String city) {}

  record Weather(String city, int celsius) {}

  static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "The weather now", City.class);

  @TempDir Path dir;

  private static InferenceRequest.Builder ask(String question) {
    return InferenceRequest.builder().user(question).tool(WEATHER);
  }

  @Test
  void aToolCallRoundTripReplaysWithTheSameCallsAndFinishReasons() {
    Path cassette = dir.resolve("tools.json");
    FakeBackend real = FakeBackend.create()
        .replyToolCall("get_weather", new City("Paris")).reply("Sunny in Paris.");
    InferenceRequest first = ask("Weather in Paris?").build();
    InferenceResponse recordedCall;
    InferenceRequest followUp;
    try (InferenceClient rec = InferenceClients.of("llm", Cassettes.recording(real, cassette))) {
      recordedCall = rec.generate(first);
      followUp = first.toBuilder()
          .message(ChatMessage.assistant(recordedCall.toolCalls()))
          .message(ChatMessage.tool("call_1", "{\"celsius\": 21}"))
          .build();
      rec.generate(followUp);
    }
    try (InferenceClient replay = InferenceClients.of("llm", Cassettes.replaying(cassette))) {
      InferenceResponse call = replay.generate(first);
      assertEquals(recordedCall.toolCalls(), call.toolCalls());
      assertEquals(FinishReason.TOOL_CALLS, call.finishReason());
      assertEquals(new City("Paris"), call.toolCalls().get(0).arguments(City.class));
      InferenceResponse answer = replay.generate(followUp);
      assertEquals("Sunny in Paris.", answer.text());
      assertEquals(FinishReason.STOP, answer.finishReason());
    }
    real.assertRequestCount(2);
  }

  @Test
  void aStructuredAnswerReplaysAndMapsToTheRecord() {
    Path cassette = dir.resolve("json.json");
    InferenceRequest request =
        InferenceRequest.builder().user("Weather in Rome?").responseFormat(Weather.class).build();
    try (InferenceClient rec = InferenceClients.of("llm",
        Cassettes.recording(FakeBackend.create().replyJson(new Weather("Rome", 25)), cassette))) {
      rec.generate(request);
    }
    try (InferenceClient replay = InferenceClients.of("llm", Cassettes.replaying(cassette))) {
      assertEquals(new Weather("Rome", 25), replay.generate(request).as(Weather.class));
    }
  }

  @Test
  void theToolsToolChoiceAndResponseFormatArePartOfTheRequestKey() {
    Path cassette = dir.resolve("key.json");
    InferenceRequest recorded = ask("Weather?").build();
    try (InferenceClient rec = InferenceClients.of("llm", Cassettes.recording(FakeBackend.create(), cassette))) {
      rec.generate(recorded);
    }
    try (InferenceClient replay = InferenceClients.of("llm", Cassettes.replaying(cassette))) {
      assertEquals("Weather?", replay.generate(recorded).text());
      InferenceRequest otherDescription = InferenceRequest.builder().user("Weather?")
          .tool(ToolDefinition.of("get_weather", "Another description", City.class)).build();
      InferenceRequest noTools = InferenceRequest.ofUserMessage("Weather?");
      InferenceRequest required = ask("Weather?").toolChoice(ToolChoice.REQUIRED).build();
      InferenceRequest json = ask("Weather?").responseFormat(Weather.class).build();
      for (InferenceRequest other : new InferenceRequest[] {otherDescription, noTools, required, json}) {
        assertThrows(BackendUnavailableException.class, () -> replay.generate(other), other.toString());
      }
      BackendUnavailableException e =
          assertThrows(BackendUnavailableException.class, () -> replay.generate(required));
      assertTrue(e.getMessage().contains("tools [get_weather], toolChoice required"), e.getMessage());
    }
  }

  @Test
  void mediaIsKeyedByUrlOrDigestNotStoredWhole() throws IOException {
    Path cassette = dir.resolve("media.json");
    MediaPart web = MediaPart.imageUrl("https://example.com/cat.png");
    MediaPart inline = MediaPart.image(new byte[4096], "image/png");
    InferenceRequest request =
        InferenceRequest.builder().message(ChatMessage.user("Same cat?", web, inline)).build();
    try (InferenceClient rec = InferenceClients.of("llm",
        Cassettes.recording(FakeBackend.create().reply("Yes."), cassette))) {
      rec.generate(request);
    }
    String json = Files.readString(cassette);
    assertTrue(json.contains("\"image https://example.com/cat.png\""), json);
    assertTrue(json.contains("\"image sha256:"), json);
    assertFalse(json.contains("base64"), json);
    try (InferenceClient replay = InferenceClients.of("llm", Cassettes.replaying(cassette))) {
      assertEquals("Yes.", replay.generate(request).text());
    }
  }

  @Test
  void aPlainRequestIsWrittenWithoutTheNewFields() throws IOException {
    Path cassette = dir.resolve("plain.json");
    try (InferenceClient rec = InferenceClients.of("llm", Cassettes.recording(FakeBackend.create(), cassette))) {
      rec.generate(InferenceRequest.ofUserMessage("hello"));
    }
    String json = Files.readString(cassette);
    assertTrue(json.contains("\"version\" : 2"), json);
    for (String absent : new String[] {"tools", "toolChoice", "responseFormat", "toolCalls",
        "toolCallId", "media", "embeddings"}) {
      assertFalse(json.contains("\"" + absent + "\""), absent + " in " + json);
    }
  }
}
