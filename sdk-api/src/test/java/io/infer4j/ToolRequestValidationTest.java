package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.spi.Capability;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolRequestValidationTest {

  record City(String name) {}

  static final ToolDefinition WEATHER = ToolDefinition.of("get_weather", "Weather in a city", City.class);

  @Test
  void aToolNameOutsideTheOpenAiRuleIsRefusedNamingIt() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> ToolDefinition.of("get weather!", "x"));
    assertEquals("tools.name", e.field());
    assertTrue(e.getMessage().contains("'get weather!'"), e.getMessage());
  }

  @Test
  void parametersMustBeAJsonSchemaOfAnObject() {
    InvalidRequestException notJson = assertThrows(InvalidRequestException.class,
        () -> new ToolDefinition("t", "", "{type: object"));
    assertTrue(notJson.getMessage().contains("not JSON"), notJson.getMessage());
    InvalidRequestException notObject = assertThrows(InvalidRequestException.class,
        () -> new ToolDefinition("t", "", "{\"type\":\"string\"}"));
    assertEquals("tools[t].parameters", notObject.field());
    InvalidRequestException badSchema = assertThrows(InvalidRequestException.class,
        () -> new ToolDefinition("t", "", "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":42}}}"));
    assertTrue(badSchema.getMessage().contains("tools[t].parameters"), badSchema.getMessage());
  }

  @Test
  void aToolResultMustAnswerAnEarlierCallById() {
    ToolCall call = new ToolCall("call_1", "get_weather", "{\"name\":\"Oslo\"}");
    InferenceRequest ok = InferenceRequest.builder().tool(WEATHER)
        .user("Weather in Oslo?")
        .message(ChatMessage.assistant(List.of(call)))
        .message(ChatMessage.tool("call_1", "{\"celsius\":3}"))
        .build();
    assertEquals(3, ok.messages().size());
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> InferenceRequest.builder().tool(WEATHER).user("Weather?")
            .message(ChatMessage.assistant(List.of(call)))
            .message(ChatMessage.tool("call_9", "{}"))
            .build());
    assertEquals("messages[2].toolCallId", e.field());
    assertTrue(e.getMessage().contains("'call_9'") && e.getMessage().contains("call_1"), e.getMessage());
  }

  @Test
  void toolChoiceMustNameAnOfferedToolAndNeedsTools() {
    InvalidRequestException unknown = assertThrows(InvalidRequestException.class,
        () -> InferenceRequest.builder().tool(WEATHER).user("x").toolChoice(ToolChoice.tool("book")).build());
    assertTrue(unknown.getMessage().contains("'book'") && unknown.getMessage().contains("get_weather"),
        unknown.getMessage());
    InvalidRequestException none = assertThrows(InvalidRequestException.class,
        () -> InferenceRequest.builder().user("x").toolChoice(ToolChoice.REQUIRED).build());
    assertEquals("toolChoice", none.field());
  }

  @Test
  void toolsNeedAChatAndNamesMustDiffer() {
    assertEquals("tools", assertThrows(InvalidRequestException.class,
        () -> InferenceRequest.builder().prompt("x").tool(WEATHER).build()).field());
    InvalidRequestException twice = assertThrows(InvalidRequestException.class,
        () -> InferenceRequest.builder().user("x").tool(WEATHER).tool(WEATHER).build());
    assertTrue(twice.getMessage().contains("two tools"), twice.getMessage());
  }

  @Test
  void messagesCarryToolPartsOnlyWhereTheirRoleAllows() {
    ToolCall call = new ToolCall("c", "t", "{}");
    assertThrows(InvalidRequestException.class,
        () -> new ChatMessage(Role.USER, "", List.of(call), null, List.of()));
    assertThrows(InvalidRequestException.class,
        () -> new ChatMessage(Role.TOOL, "{}", List.of(), null, List.of()));
    assertThrows(InvalidRequestException.class,
        () -> new ChatMessage(Role.ASSISTANT, "", List.of(), null, List.of(MediaPart.imageUrl("https://x/y.png"))));
    assertThrows(InvalidRequestException.class, () -> MediaPart.imageUrl("file:///etc/passwd"));
  }

  @Test
  void requiredCapabilitiesFollowWhatTheRequestUses() {
    assertEquals(Set.of(), InferenceRequest.ofUserMessage("hi").requiredCapabilities());
    InferenceRequest all = InferenceRequest.builder()
        .tool(WEATHER)
        .message(ChatMessage.user("look", MediaPart.image(new byte[] {1, 2}, "image/png"),
            MediaPart.audio(new byte[] {3}, "wav")))
        .responseFormat(City.class)
        .build();
    assertEquals(Set.of(Capability.TOOLS, Capability.STRUCTURED_OUTPUT, Capability.IMAGES, Capability.AUDIO),
        all.requiredCapabilities());
    assertEquals(all, all.toBuilder().build(), "toBuilder keeps tools, choice and format");
  }

  @Test
  void aResponseFormatSchemaIsCheckedWhenBuilt() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> ResponseFormat.jsonSchema("answer", "[1,2]"));
    assertEquals("responseFormat.schema", e.field());
    assertThrows(InvalidRequestException.class, () -> ResponseFormat.jsonSchema("bad name", "{}"));
    assertEquals(ResponseFormat.Kind.JSON_SCHEMA, ResponseFormat.of(City.class).kind());
    assertEquals("City", ResponseFormat.of(City.class).name());
  }
}
