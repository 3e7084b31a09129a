package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.ChatMessage;
import io.infer4j.InferenceRequest;
import io.infer4j.MediaPart;
import io.infer4j.ResponseFormat;
import io.infer4j.ToolCall;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wire form of tools, tool choices, tool calls and results, response formats and media. */
class ToolRequestJsonTest {

  record Weather(String city, int days) {}

  record Answer(String city, double celsius) {}

  private static final ToolDefinition WEATHER =
      ToolDefinition.of("get_weather", "The forecast for a city", Weather.class);

  private final MockWebServer server = new MockWebServer();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    server.start();
    remote = Remote.to(server, "preset", "openai", "api-key", "sk-x",
        "base-url", server.url("/v1").toString());
  }

  @AfterEach
  void stop() throws Exception {
    remote.close();
    server.close();
  }

  /** Sends {@code request}, answered with text {@code answer}, and returns the JSON body sent. */
  private JsonNode sent(InferenceRequest request, String answer) throws Exception {
    return sent(request, Sse.stream().delta(answer));
  }

  /** Sends {@code request}, answered by a call of get_weather, and returns the JSON body sent. */
  private JsonNode sentAnsweredByACall(InferenceRequest request) throws Exception {
    return sent(request, Sse.stream().toolCall(0, "c1", "get_weather", "{\"city\":\"Oslo\",\"days\":1}"));
  }

  private JsonNode sent(InferenceRequest request, Sse answer) throws Exception {
    server.enqueue(Remote.sse(answer.finish("stop").done().body()));
    remote.client.generate(request);
    return new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
  }

  @Test
  void toolsAreFunctionsWithTheirSchemaAsAnObjectAndTheChoiceNamesOne() throws Exception {
    JsonNode body = sentAnsweredByACall(InferenceRequest.builder().user("weather in Oslo?")
        .tool(WEATHER).tool(ToolDefinition.of("now", "")).toolChoice(ToolChoice.tool("get_weather"))
        .build());
    JsonNode tool = body.get("tools").get(0);
    assertEquals("function", tool.get("type").asText());
    assertEquals("get_weather", tool.at("/function/name").asText());
    assertEquals("The forecast for a city", tool.at("/function/description").asText());
    JsonNode parameters = tool.at("/function/parameters");
    assertTrue(parameters.isObject(), "a JSON object, not a string: " + parameters);
    assertEquals("integer", parameters.at("/properties/days/type").asText());
    assertFalse(body.get("tools").get(1).get("function").has("description"), "empty: left out");
    assertEquals("function", body.at("/tool_choice/type").asText());
    assertEquals("get_weather", body.at("/tool_choice/function/name").asText());
  }

  @Test
  void theModesAreStringsAndNoChoiceGoesWithoutTools() throws Exception {
    assertEquals("required", sentAnsweredByACall(InferenceRequest.builder().user("q").tool(WEATHER)
        .toolChoice(ToolChoice.REQUIRED).build()).get("tool_choice").asText());
    assertEquals("none", sent(InferenceRequest.builder().user("q").tool(WEATHER)
        .toolChoice(ToolChoice.NONE).build(), "x").get("tool_choice").asText());
    assertEquals("auto", sent(InferenceRequest.builder().user("q").tool(WEATHER).build(), "x")
        .get("tool_choice").asText());
    JsonNode plain = sent(InferenceRequest.builder().user("q").toolChoice(ToolChoice.NONE).build(), "x");
    assertFalse(plain.has("tools") || plain.has("tool_choice"), plain.toString());
  }

  @Test
  void anAssistantsCallsAndTheToolsResultGoBackInTheChat() throws Exception {
    ToolCall call = new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\",\"days\":2}");
    JsonNode messages = sent(InferenceRequest.builder().user("weather in Oslo?").tool(WEATHER)
        .message(ChatMessage.assistant(List.of(call)))
        .message(ChatMessage.tool("call_1", "{\"celsius\":4}")).build(), "4 degrees")
        .get("messages");
    JsonNode assistant = messages.get(1);
    assertEquals("assistant", assistant.get("role").asText());
    assertTrue(assistant.get("content").isNull(), "no text: content null");
    JsonNode wire = assistant.get("tool_calls").get(0);
    assertEquals("call_1", wire.get("id").asText());
    assertEquals("function", wire.get("type").asText());
    assertEquals("get_weather", wire.at("/function/name").asText());
    assertEquals("{\"city\":\"Oslo\",\"days\":2}", wire.at("/function/arguments").asText(),
        "arguments are a JSON string on the wire");
    JsonNode result = messages.get(2);
    assertEquals("tool", result.get("role").asText());
    assertEquals("call_1", result.get("tool_call_id").asText());
    assertEquals("{\"celsius\":4}", result.get("content").asText());
  }

  @Test
  void aSchemaFormatEmbedsTheSchemaWithItsNameAndStrict() throws Exception {
    JsonNode format = sent(InferenceRequest.builder().user("q").responseFormat(Answer.class).build(),
        "{\"city\":\"Oslo\",\"celsius\":4}").get("response_format");
    assertEquals("json_schema", format.get("type").asText());
    assertEquals("Answer", format.at("/json_schema/name").asText());
    assertTrue(format.at("/json_schema/strict").asBoolean());
    assertTrue(format.at("/json_schema/schema").isObject());
    assertEquals("number", format.at("/json_schema/schema/properties/celsius/type").asText());

    JsonNode object = sent(InferenceRequest.builder().user("q")
        .responseFormat(ResponseFormat.JSON_OBJECT).build(), "{}").get("response_format");
    assertEquals("{\"type\":\"json_object\"}", object.toString());
  }

  @Test
  void mediaMakeContentPartsAfterTheText() throws Exception {
    JsonNode parts = sent(InferenceRequest.builder().message(ChatMessage.user("what is this?",
        MediaPart.imageUrl("https://example.test/cat.png"),
        MediaPart.audio(new byte[] {1, 2, 3}, "wav"))).build(), "a cat")
        .at("/messages/0/content");
    assertEquals(3, parts.size());
    assertEquals("{\"type\":\"text\",\"text\":\"what is this?\"}", parts.get(0).toString());
    assertEquals("image_url", parts.get(1).get("type").asText());
    assertEquals("https://example.test/cat.png", parts.get(1).at("/image_url/url").asText());
    assertEquals("input_audio", parts.get(2).get("type").asText());
    assertEquals("AQID", parts.get(2).at("/input_audio/data").asText());
    assertEquals("wav", parts.get(2).at("/input_audio/format").asText());
  }
}
