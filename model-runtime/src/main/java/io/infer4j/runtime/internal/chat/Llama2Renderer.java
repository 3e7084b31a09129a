package io.infer4j.runtime.internal.chat;

import io.infer4j.ChatMessage;
import io.infer4j.InvalidRequestException;
import io.infer4j.Role;
import io.infer4j.ToolDefinition;
import java.util.List;
import java.util.Objects;

/**
 * Llama 2 chat's template (Llama-2-7b-chat-hf): an optional first system message is folded into
 * the first user message as {@code <<SYS>>\nSYSTEM\n<</SYS>>\n\n}; then each user message is
 * {@code BOS[INST] TEXT [/INST]} and each assistant message {@code  TEXT EOS}, texts stripped.
 * Roles must alternate user, assistant, user, ... The template has no generation prompt: the
 * text already ends where the assistant's answer begins. The format has no tool calling.
 *
 * @param bosText the BOS token's text ({@code <s>})
 * @param eosText the EOS token's text ({@code </s>})
 */
public record Llama2Renderer(String bosText, String eosText) implements ChatRenderer {
  public Llama2Renderer {
    Objects.requireNonNull(bosText, "bosText");
    Objects.requireNonNull(eosText, "eosText");
  }

  @Override
  public String render(
      List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt) {
    ChatRenderer.requireMessages(messages);
    if (!tools.isEmpty()) {
      throw new InvalidRequestException("tools", "the Llama 2 chat format has no tool calling");
    }
    String system = null;
    List<ChatMessage> turns = messages;
    if (messages.getFirst().role() == Role.SYSTEM) {
      system = messages.getFirst().content();
      turns = messages.subList(1, messages.size());
    }
    if (turns.isEmpty()) {
      throw new InvalidRequestException(
          "messages", "the Llama 2 chat format needs a user message after the system message");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < turns.size(); i++) {
      ChatMessage m = turns.get(i);
      Role expected = i % 2 == 0 ? Role.USER : Role.ASSISTANT;
      if (m.role() != expected) {
        throw new InvalidRequestException(
            "messages",
            "the Llama 2 chat format needs roles alternating user/assistant/user/... after an"
                + " optional first system message; message "
                + (messages.size() - turns.size() + i)
                + " is "
                + m.role().wireName()
                + " where "
                + expected.wireName()
                + " was expected");
      }
      if (!m.toolCalls().isEmpty()) {
        throw new InvalidRequestException("messages[" + (messages.size() - turns.size() + i)
            + "].toolCalls", "the Llama 2 chat format has no tool calling");
      }
      String content = m.content();
      if (i == 0 && system != null) {
        content = "<<SYS>>\n" + system + "\n<</SYS>>\n\n" + content;
      }
      if (m.role() == Role.USER) {
        out.append(bosText).append("[INST] ").append(content.strip()).append(" [/INST]");
      } else {
        out.append(' ').append(content.strip()).append(' ').append(eosText);
      }
    }
    return out.toString();
  }
}
