package io.infer4j.runtime.internal.chat;

import io.infer4j.ChatMessage;
import io.infer4j.Role;
import io.infer4j.ToolCall;
import io.infer4j.ToolDefinition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ChatML (Qwen, SmolLM, ...): per message {@code <|im_start|>ROLE\n} + content + {@code
 * <|im_end|>\n}, content as given; the generation prompt is {@code <|im_start|>assistant\n}. Some
 * templates (Qwen2, Qwen2.5, SmolLM2) insert a default system message when the conversation does
 * not start with one; it is taken from the template text when present.
 *
 * <p>Tools follow the Hermes-style templates of Qwen2.5 and Qwen3 (Qwen/Qwen2.5-7B-Instruct and
 * Qwen/Qwen3-8B, {@code tokenizer_config.json}), which render the same text for what this API
 * expresses: the system turn holds the system message (or the default one), {@code \n\n# Tools}
 * and each tool's {@code tojson} inside {@code <tools></tools>}, with the instruction to answer
 * {@code <tool_call>\n{"name": ..., "arguments": ...}\n</tool_call>}; an assistant's calls follow
 * its content in that form; consecutive tool results share one user turn, each in {@code
 * <tool_response>\n...\n</tool_response>}.
 *
 * @param defaultSystem the system message to insert when the first message is not a system one,
 *     or empty
 */
public record ChatMlRenderer(Optional<String> defaultSystem) implements ChatRenderer {
  public static final String START = "<|im_start|>";
  public static final String END = "<|im_end|>";

  private static final String TOOLS_HEADER = "# Tools\n\nYou may call one or more functions to"
      + " assist with the user query.\n\nYou are provided with function signatures within"
      + " <tools></tools> XML tags:\n<tools>";
  private static final String TOOLS_FOOTER = "\n</tools>\n\nFor each function call, return a json"
      + " object with function name and arguments within <tool_call></tool_call> XML tags:\n"
      + "<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>";

  /**
   * A quoted literal {@code '<|im_start|>system\nTEXT<|im_end|>\n'} in the template, with {@code
   * \n} written as a backslash and n inside the Jinja string; TEXT holds no quote or brace.
   */
  private static final Pattern DEFAULT_SYSTEM =
      Pattern.compile(
          "(['\"])<\\|im_start\\|>system\\\\n([^'\"{}\\\\]+)<\\|im_end\\|>\\\\n\\1");

  public ChatMlRenderer {
    Objects.requireNonNull(defaultSystem, "defaultSystem");
  }

  /** The renderer for a template's text: with its default system message, if it has one. */
  public static ChatMlRenderer forTemplate(String template) {
    Matcher m = DEFAULT_SYSTEM.matcher(template);
    return new ChatMlRenderer(m.find() ? Optional.of(m.group(2)) : Optional.empty());
  }

  @Override
  public String render(
      List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt) {
    ChatRenderer.requireMessages(messages);
    StringBuilder out = new StringBuilder();
    List<ChatMessage> rest = messages;
    boolean startsWithSystem = messages.getFirst().role() == Role.SYSTEM;
    if (!tools.isEmpty()) {
      Optional<String> system = startsWithSystem
          ? Optional.of(messages.getFirst().content()) : defaultSystem;
      out.append(START).append("system\n");
      system.ifPresent(s -> out.append(s).append("\n\n"));
      out.append(TOOLS_HEADER);
      for (ToolDefinition t : tools) {
        out.append('\n').append(PythonJson.dumps(ToolJson.definition(t)));
      }
      out.append(TOOLS_FOOTER).append(END).append('\n');
      rest = startsWithSystem ? messages.subList(1, messages.size()) : messages;
    } else if (!startsWithSystem) {
      defaultSystem.ifPresent(text -> turn(out, "system", text));
    }
    for (int i = 0; i < rest.size(); i++) {
      ChatMessage m = rest.get(i);
      if (m.role() == Role.TOOL) {
        if (i == 0 || rest.get(i - 1).role() != Role.TOOL) {
          out.append(START).append("user");
        }
        out.append("\n<tool_response>\n").append(m.content()).append("\n</tool_response>");
        if (i == rest.size() - 1 || rest.get(i + 1).role() != Role.TOOL) {
          out.append(END).append('\n');
        }
      } else if (!m.toolCalls().isEmpty()) {
        out.append(START).append("assistant");
        if (!m.content().isEmpty()) {
          out.append('\n').append(m.content());
        }
        for (ToolCall call : m.toolCalls()) {
          out.append("\n<tool_call>\n{\"name\": \"").append(call.name())
              .append("\", \"arguments\": ").append(PythonJson.dumps(ToolJson.arguments(call)))
              .append("}\n</tool_call>");
        }
        out.append(END).append('\n');
      } else {
        turn(out, m.role().wireName(), m.content());
      }
    }
    if (addGenerationPrompt) {
      out.append(START).append("assistant\n");
    }
    return out.toString();
  }

  private static void turn(StringBuilder out, String role, String content) {
    out.append(START).append(role).append('\n').append(content).append(END).append('\n');
  }
}
