package io.infer4j.runtime.internal.chat;

import io.infer4j.ChatMessage;
import io.infer4j.Role;
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
 * @param defaultSystem the system message to insert when the first message is not a system one,
 *     or empty
 */
public record ChatMlRenderer(Optional<String> defaultSystem) implements ChatRenderer {
  public static final String START = "<|im_start|>";
  public static final String END = "<|im_end|>";

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
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    ChatRenderer.requireMessages(messages);
    StringBuilder out = new StringBuilder();
    if (messages.getFirst().role() != Role.SYSTEM) {
      defaultSystem.ifPresent(text -> turn(out, "system", text));
    }
    for (ChatMessage m : messages) {
      turn(out, m.role().wireName(), m.content());
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
