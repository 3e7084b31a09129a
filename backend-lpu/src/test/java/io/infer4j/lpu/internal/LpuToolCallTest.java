package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ChatMessage;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.Sampling;
import io.infer4j.ToolCall;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import io.infer4j.internal.JsonSchemaCheck;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Capability;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tool calls through the chat template on the model shipped in the jar, with a chosen template
 * (the model has none of its own): under tool choice REQUIRED or NAMED the answer is constrained to
 * a call, so even this tiny story model calls a tool with arguments valid for it.
 */
class LpuToolCallTest {
  static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Current weather",
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"unit\":{\"type\":"
          + "\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}},\"required\":[\"city\",\"unit\"],"
          + "\"additionalProperties\":false}");
  static final ToolDefinition COUNT = new ToolDefinition("count", "Counts to n",
      "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"],"
          + "\"additionalProperties\":false}");

  /**
   * The embedded model with {@code template}; its context stretched from 512 to 2,048 positions,
   * since the tool instructions alone take hundreds of its 512-piece vocabulary's tokens.
   */
  private static InferenceClient client(String template) {
    return InferenceClients.create("lpu", Map.of("chat-template", template,
        "context-length", "2048"));
  }

  private static InferenceRequest.Builder ask(ToolChoice choice) {
    return ask(choice, Sampling.DEFAULT);
  }

  /** The question with {@code sampling}, at most 80 tokens. */
  private static InferenceRequest.Builder ask(ToolChoice choice, Sampling sampling) {
    return InferenceRequest.builder().user("What is the weather in Paris?")
        .tool(WEATHER).tool(COUNT).toolChoice(choice).sampling(sampling.withMaxTokens(80));
  }

  @Test
  void aChatTemplateWithToolCallingGivesTheToolsCapability() {
    for (String template : List.of("chatml", "llama3")) {
      try (var b = new LpuBackendProvider().create(BackendConfig.ofMap("lpu", "lpu",
          Map.of("kernels", "reference", "chat-template", template)))) {
        assertTrue(b.capabilities().contains(Capability.TOOLS), template);
      }
    }
    try (var b = new LpuBackendProvider().create(BackendConfig.ofMap("lpu", "lpu",
        Map.of("kernels", "reference", "chat-template", "llama2")))) {
      assertTrue(!b.capabilities().contains(Capability.TOOLS));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"chatml", "llama3"})
  void requiredGivesASchemaValidCallForGreedyAndSampledAnswers(String template) {
    try (InferenceClient c = client(template)) {
      for (long seed = 0; seed <= 3; seed++) {
        InferenceRequest.Builder r = ask(ToolChoice.REQUIRED, seed == 0 ? Sampling.greedy()
            : Sampling.DEFAULT.withTemperature(1.0).withSeed(seed));
        InferenceResponse response = c.generate(r.build());
        assertEquals(FinishReason.TOOL_CALLS, response.finishReason(), response.text());
        assertEquals(1, response.toolCalls().size());
        ToolCall call = response.toolCalls().getFirst();
        assertEquals("call_0", call.id());
        String schema = call.name().equals("count") ? COUNT.parameters() : WEATHER.parameters();
        JsonSchemaCheck.validate(call.arguments(), schema, "arguments");
        assertEquals("", response.text(), "the call's text is not the answer's text");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"chatml", "llama3"})
  void aNamedToolIsTheOneCalledAndIdsContinueTheConversations(String template) {
    try (InferenceClient c = client(template)) {
      ToolCall earlier = new ToolCall("call_0", "get_weather", "{\"city\":\"Rome\",\"unit\":\"celsius\"}");
      InferenceRequest r = ask(ToolChoice.tool("count"),
              Sampling.DEFAULT.withTemperature(1.0).withSeed(9L))
          .message(ChatMessage.assistant(List.of(earlier)))
          .message(ChatMessage.tool("call_0", "{\"temperature\":20}"))
          .user("Now count.").build();
      InferenceResponse response = c.generate(r);
      assertEquals(FinishReason.TOOL_CALLS, response.finishReason());
      ToolCall call = response.toolCalls().getFirst();
      assertEquals("count", call.name());
      assertEquals("call_1", call.id());
      assertTrue(call.argumentsMap().get("n") instanceof Number, call.arguments());
    }
  }

  @Test
  void withToolChoiceNoneTheAnswerIsText() {
    try (InferenceClient c = client("chatml")) {
      InferenceResponse r = c.generate(ask(ToolChoice.NONE).temperature(0).maxTokens(12).build());
      assertTrue(r.toolCalls().isEmpty());
      assertEquals(FinishReason.LENGTH, r.finishReason());
    }
  }

  @Test
  void withToolChoiceAutoTheTinyModelAnswersInTextAndNothingIsLost() {
    try (InferenceClient c = client("chatml")) {
      InferenceRequest r = ask(ToolChoice.AUTO).temperature(0).maxTokens(20).build();
      InferenceResponse auto = c.generate(r);
      assertTrue(auto.toolCalls().isEmpty(), auto.toString());
      StringBuilder streamed = new StringBuilder();
      try (var s = c.stream(r)) {
        s.forEach(chunk -> streamed.append(chunk.text()));
      }
      assertEquals(auto.text(), streamed.toString());
      assertTrue(!auto.text().isEmpty());
    }
  }
}
