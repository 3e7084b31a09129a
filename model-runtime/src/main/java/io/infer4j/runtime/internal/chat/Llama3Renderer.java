package io.infer4j.runtime.internal.chat;

import io.infer4j.ChatMessage;
import io.infer4j.InvalidRequestException;
import io.infer4j.Role;
import io.infer4j.ToolCall;
import io.infer4j.ToolDefinition;
import java.util.List;
import java.util.Objects;

/**
 * Llama 3's template (Meta-Llama-3-8B-Instruct): BOS, then per message {@code
 * <|start_header_id|>ROLE<|end_header_id|>\n\n} + content trimmed + {@code <|eot_id|>}; the
 * generation prompt opens an assistant header. Any order of roles is accepted.
 *
 * <p>Tools follow Llama 3.1's template (meta-llama/Llama-3.1-8B-Instruct, {@code
 * tokenizer_config.json}, JSON-based tool calling with its defaults: {@code
 * tools_in_user_message} true, no builtin tools, {@code date_string} "26 Jul 2024"): a system turn
 * {@code Environment: ipython\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n}
 * + the system message, then the first user message prefixed with the instructions and each tool
 * as {@code tojson(indent=4)}. An assistant call is {@code {"name": "NAME", "parameters": ARGS}}
 * (one call per message, as the template demands), a tool result an {@code ipython} turn whose
 * content is written through {@code tojson} (a JSON string: the template's {@code is iterable}
 * test holds for strings).
 *
 * @param bosText the BOS token's text ({@code <|begin_of_text|>})
 */
public record Llama3Renderer(String bosText) implements ChatRenderer {
  public static final String START_HEADER = "<|start_header_id|>";
  public static final String END_HEADER = "<|end_header_id|>";
  public static final String END_OF_TURN = "<|eot_id|>";

  /** Llama 3.1's end of a message that calls a tool; a stop token where the vocabulary has it. */
  public static final String END_OF_MESSAGE = "<|eom_id|>";

  private static final String TOOL_INSTRUCTIONS =
      "Given the following functions, please respond with a JSON for a function call "
          + "with its proper arguments that best answers the given prompt.\n\n"
          + "Respond in the format {\"name\": function name, \"parameters\": dictionary of"
          + " argument name and its value}."
          + "Do not use variables.\n\n";

  public Llama3Renderer {
    Objects.requireNonNull(bosText, "bosText");
  }

  @Override
  public String render(
      List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt) {
    ChatRenderer.requireMessages(messages);
    StringBuilder out = new StringBuilder(bosText);
    List<ChatMessage> rest = messages;
    if (!tools.isEmpty()) {
      rest = toolPreamble(out, messages, tools);
    }
    for (int i = 0; i < rest.size(); i++) {
      ChatMessage m = rest.get(i);
      if (m.role() == Role.TOOL) {
        header(out, "ipython").append(PythonJson.string(m.content())).append(END_OF_TURN);
      } else if (!m.toolCalls().isEmpty()) {
        if (m.toolCalls().size() != 1) {
          throw new InvalidRequestException("messages[" + (messages.size() - rest.size() + i)
              + "].toolCalls", "the Llama 3.1 chat format takes one tool call per assistant"
              + " message, not " + m.toolCalls().size());
        }
        ToolCall call = m.toolCalls().getFirst();
        header(out, "assistant").append("{\"name\": \"").append(call.name()).append("\", ")
            .append("\"parameters\": ").append(PythonJson.dumps(ToolJson.arguments(call)))
            .append('}').append(END_OF_TURN);
      } else {
        header(out, m.role().wireName()).append(m.content().strip()).append(END_OF_TURN);
      }
    }
    if (addGenerationPrompt) {
      header(out, "assistant");
    }
    return out.toString();
  }

  /** Writes the system turn and the first user turn with the tools; returns what follows them. */
  private static List<ChatMessage> toolPreamble(
      StringBuilder out, List<ChatMessage> messages, List<ToolDefinition> tools) {
    List<ChatMessage> rest = messages;
    String system = "";
    if (rest.getFirst().role() == Role.SYSTEM) {
      system = rest.getFirst().content().strip();
      rest = rest.subList(1, rest.size());
    }
    header(out, "system").append("Environment: ipython\n")
        .append("Cutting Knowledge Date: December 2023\n")
        .append("Today Date: 26 Jul 2024\n\n")
        .append(system).append(END_OF_TURN);
    if (rest.isEmpty() || rest.getFirst().role() != Role.USER) {
      throw new InvalidRequestException("messages", "the Llama 3.1 chat format puts the tools in"
          + " the first user message, and the conversation has none where it should be (after"
          + " the optional system message)");
    }
    header(out, "user").append(TOOL_INSTRUCTIONS);
    for (ToolDefinition t : tools) {
      out.append(PythonJson.dumps(ToolJson.definition(t), 4)).append("\n\n");
    }
    out.append(rest.getFirst().content().strip()).append(END_OF_TURN);
    return rest.subList(1, rest.size());
  }

  private static StringBuilder header(StringBuilder out, String role) {
    return out.append(START_HEADER).append(role).append(END_HEADER).append("\n\n");
  }
}
