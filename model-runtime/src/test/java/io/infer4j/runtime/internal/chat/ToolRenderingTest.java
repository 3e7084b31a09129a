package io.infer4j.runtime.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.ChatMessage;
import io.infer4j.InvalidRequestException;
import io.infer4j.ToolCall;
import io.infer4j.ToolDefinition;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tools, assistant calls and tool results rendered as the official templates render them. The
 * expected strings are the output of the templates themselves (Llama-3.1-8B-Instruct,
 * Qwen2.5-7B-Instruct and Qwen3-8B {@code chat_template}, run with jinja2 3.1 the way transformers'
 * {@code apply_chat_template} runs them: {@code trim_blocks}, {@code lstrip_blocks}, {@code tojson}
 * = {@code json.dumps(ensure_ascii=False)}), for the same conversation in HF's message form.
 */
class ToolRenderingTest {
  static final List<ToolDefinition> TOOLS = List.of(
      new ToolDefinition("get_weather", "Current weather in a city",
          "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", \"description\":"
              + " \"City name, e.g. \\\"Paris\\\"\"}, \"unit\": {\"type\": \"string\", \"enum\":"
              + " [\"celsius\", \"fahrenheit\"]}}, \"required\": [\"city\"]}"),
      ToolDefinition.of("now", ""));
  static final ToolCall CALL =
      new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
  static final List<ChatMessage> CONVERSATION = List.of(
      ChatMessage.system("Be brief."),
      ChatMessage.user("Weather in Paris?"),
      ChatMessage.assistant(List.of(CALL)),
      ChatMessage.tool("call_0", "{\"temperature\": 21, \"sky\": \"clear\"}"));

  static final String LLAMA31_TOOLS =
      "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n"
          + "\n"
          + "Environment: ipython\n"
          + "Cutting Knowledge Date: December 2023\n"
          + "Today Date: 26 Jul 2024\n"
          + "\n"
          + "Be brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n"
          + "\n"
          + "Given the following functions, please respond with a JSON for a function call with its proper arguments that best answers the given prompt.\n"
          + "\n"
          + "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its value}.Do not use variables.\n"
          + "\n"
          + "{\n"
          + "    \"type\": \"function\",\n"
          + "    \"function\": {\n"
          + "        \"name\": \"get_weather\",\n"
          + "        \"description\": \"Current weather in a city\",\n"
          + "        \"parameters\": {\n"
          + "            \"type\": \"object\",\n"
          + "            \"properties\": {\n"
          + "                \"city\": {\n"
          + "                    \"type\": \"string\",\n"
          + "                    \"description\": \"City name, e.g. \\\"Paris\\\"\"\n"
          + "                },\n"
          + "                \"unit\": {\n"
          + "                    \"type\": \"string\",\n"
          + "                    \"enum\": [\n"
          + "                        \"celsius\",\n"
          + "                        \"fahrenheit\"\n"
          + "                    ]\n"
          + "                }\n"
          + "            },\n"
          + "            \"required\": [\n"
          + "                \"city\"\n"
          + "            ]\n"
          + "        }\n"
          + "    }\n"
          + "}\n"
          + "\n"
          + "{\n"
          + "    \"type\": \"function\",\n"
          + "    \"function\": {\n"
          + "        \"name\": \"now\",\n"
          + "        \"parameters\": {\n"
          + "            \"type\": \"object\"\n"
          + "        }\n"
          + "    }\n"
          + "}\n"
          + "\n"
          + "Weather in Paris?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n"
          + "\n"
          + "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\", \"unit\": \"celsius\"}}<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n"
          + "\n"
          + "\"{\\\"temperature\\\": 21, \\\"sky\\\": \\\"clear\\\"}\"<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n"
          + "\n";

  static final String QWEN25_TOOLS =
      "<|im_start|>system\n"
          + "Be brief.\n"
          + "\n"
          + "# Tools\n"
          + "\n"
          + "You may call one or more functions to assist with the user query.\n"
          + "\n"
          + "You are provided with function signatures within <tools></tools> XML tags:\n"
          + "<tools>\n"
          + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Current weather in a city\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", \"description\": \"City name, e.g. \\\"Paris\\\"\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"celsius\", \"fahrenheit\"]}}, \"required\": [\"city\"]}}}\n"
          + "{\"type\": \"function\", \"function\": {\"name\": \"now\", \"parameters\": {\"type\": \"object\"}}}\n"
          + "</tools>\n"
          + "\n"
          + "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n"
          + "<tool_call>\n"
          + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n"
          + "</tool_call><|im_end|>\n"
          + "<|im_start|>user\n"
          + "Weather in Paris?<|im_end|>\n"
          + "<|im_start|>assistant\n"
          + "<tool_call>\n"
          + "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\": \"celsius\"}}\n"
          + "</tool_call><|im_end|>\n"
          + "<|im_start|>user\n"
          + "<tool_response>\n"
          + "{\"temperature\": 21, \"sky\": \"clear\"}\n"
          + "</tool_response><|im_end|>\n"
          + "<|im_start|>assistant\n";

  static final String QWEN25_DEFAULT_SYSTEM_TWO_RESULTS =
      "<|im_start|>system\n"
          + "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n"
          + "\n"
          + "# Tools\n"
          + "\n"
          + "You may call one or more functions to assist with the user query.\n"
          + "\n"
          + "You are provided with function signatures within <tools></tools> XML tags:\n"
          + "<tools>\n"
          + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Current weather in a city\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", \"description\": \"City name, e.g. \\\"Paris\\\"\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"celsius\", \"fahrenheit\"]}}, \"required\": [\"city\"]}}}\n"
          + "{\"type\": \"function\", \"function\": {\"name\": \"now\", \"parameters\": {\"type\": \"object\"}}}\n"
          + "</tools>\n"
          + "\n"
          + "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n"
          + "<tool_call>\n"
          + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n"
          + "</tool_call><|im_end|>\n"
          + "<|im_start|>user\n"
          + "Weather in Paris?<|im_end|>\n"
          + "<|im_start|>assistant\n"
          + "<tool_call>\n"
          + "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\": \"celsius\"}}\n"
          + "</tool_call><|im_end|>\n"
          + "<|im_start|>user\n"
          + "<tool_response>\n"
          + "{\"temperature\": 21, \"sky\": \"clear\"}\n"
          + "</tool_response>\n"
          + "<tool_response>\n"
          + "ok\n"
          + "</tool_response><|im_end|>\n"
          + "<|im_start|>assistant\n"
          + "Sunny.\n"
          + "<|im_end|>\n"
          + "<|im_start|>assistant\n";

  static final String QWEN25_CALLS_AFTER_CONTENT =
      "<|im_start|>system\n"
          + "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
          + "<|im_start|>user\n"
          + "hi<|im_end|>\n"
          + "<|im_start|>assistant\n"
          + "Let me check.\n"
          + "<tool_call>\n"
          + "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\": \"celsius\"}}\n"
          + "</tool_call>\n"
          + "<tool_call>\n"
          + "{\"name\": \"now\", \"arguments\": {}}\n"
          + "</tool_call><|im_end|>\n"
          + "<|im_start|>assistant\n";

  static final String QWEN3_TOOLS_NO_SYSTEM =
      "<|im_start|>system\n"
          + "# Tools\n"
          + "\n"
          + "You may call one or more functions to assist with the user query.\n"
          + "\n"
          + "You are provided with function signatures within <tools></tools> XML tags:\n"
          + "<tools>\n"
          + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Current weather in a city\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", \"description\": \"City name, e.g. \\\"Paris\\\"\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"celsius\", \"fahrenheit\"]}}, \"required\": [\"city\"]}}}\n"
          + "{\"type\": \"function\", \"function\": {\"name\": \"now\", \"parameters\": {\"type\": \"object\"}}}\n"
          + "</tools>\n"
          + "\n"
          + "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n"
          + "<tool_call>\n"
          + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n"
          + "</tool_call><|im_end|>\n"
          + "<|im_start|>user\n"
          + "Weather in Paris?<|im_end|>\n"
          + "<|im_start|>assistant\n"
          + "<tool_call>\n"
          + "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\": \"celsius\"}}\n"
          + "</tool_call><|im_end|>\n"
          + "<|im_start|>user\n"
          + "<tool_response>\n"
          + "{\"temperature\": 21, \"sky\": \"clear\"}\n"
          + "</tool_response><|im_end|>\n"
          + "<|im_start|>user\n"
          + "Thanks<|im_end|>\n"
          + "<|im_start|>assistant\n";

  private static final ChatRenderer LLAMA3 = new Llama3Renderer("<|begin_of_text|>");
  private static final ChatRenderer QWEN25 =
      new ChatMlRenderer(Optional.of("You are Qwen, created by Alibaba Cloud. You are a helpful assistant."));

  @Test
  void llama31PutsTheToolsInTheFirstUserMessageAndResultsInIpythonTurns() {
    assertEquals(LLAMA31_TOOLS, LLAMA3.render(CONVERSATION, TOOLS, true));
  }

  @Test
  void qwenPutsTheToolsInTheSystemTurnAndResultsInAUserTurn() {
    assertEquals(QWEN25_TOOLS, QWEN25.render(CONVERSATION, TOOLS, true));
  }

  @Test
  void qwenUsesItsDefaultSystemMessageAndJoinsConsecutiveResults() {
    List<ChatMessage> chat = List.of(
        CONVERSATION.get(1), CONVERSATION.get(2), CONVERSATION.get(3),
        ChatMessage.tool("call_0", "ok"), ChatMessage.assistant("Sunny.\n"));
    assertEquals(QWEN25_DEFAULT_SYSTEM_TWO_RESULTS, QWEN25.render(chat, TOOLS, true));
  }

  @Test
  void qwen3WithoutADefaultSystemMessageStartsTheSystemTurnWithTheTools() {
    List<ChatMessage> chat = new java.util.ArrayList<>(CONVERSATION.subList(1, 4));
    chat.add(ChatMessage.user("Thanks"));
    assertEquals(QWEN3_TOOLS_NO_SYSTEM,
        new ChatMlRenderer(Optional.empty()).render(chat, TOOLS, true));
  }

  @Test
  void qwenWritesCallsAfterTheAssistantsContentWithoutTools() {
    List<ChatMessage> chat = List.of(ChatMessage.user("hi"), new ChatMessage(
        io.infer4j.Role.ASSISTANT, "Let me check.",
        List.of(CALL, new ToolCall("call_1", "now", "{}")), null, List.of()));
    assertEquals(QWEN25_CALLS_AFTER_CONTENT, QWEN25.render(chat, List.of(), true));
  }

  @Test
  void llama31TakesOneCallPerMessageAndNeedsAUserMessageForTheTools() {
    List<ChatMessage> two = List.of(ChatMessage.user("x"),
        ChatMessage.assistant(List.of(CALL, new ToolCall("call_1", "now", "{}"))));
    assertThrows(InvalidRequestException.class, () -> LLAMA3.render(two, List.of(), true));
    assertThrows(InvalidRequestException.class,
        () -> LLAMA3.render(List.of(ChatMessage.system("s")), TOOLS, true));
  }

  @Test
  void llama2HasNoToolCalling() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> new Llama2Renderer("<s>", "</s>").render(CONVERSATION.subList(1, 2), TOOLS, true));
    assertEquals("tools", e.field());
  }

  @Test
  void withoutToolsTheRenderingIsUnchanged() {
    List<ChatMessage> chat = List.of(ChatMessage.user(" hi "));
    assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n", LLAMA3.render(chat, List.of(), true));
  }
}
