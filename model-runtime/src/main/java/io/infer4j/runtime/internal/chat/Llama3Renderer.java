package io.infer4j.runtime.internal.chat;

import io.infer4j.ChatMessage;
import java.util.List;
import java.util.Objects;

/**
 * Llama 3's template (Meta-Llama-3-8B-Instruct): BOS, then per message {@code
 * <|start_header_id|>ROLE<|end_header_id|>\n\n} + content trimmed + {@code <|eot_id|>}; the
 * generation prompt opens an assistant header. Any order of roles is accepted.
 *
 * @param bosText the BOS token's text ({@code <|begin_of_text|>})
 */
public record Llama3Renderer(String bosText) implements ChatRenderer {
  public static final String START_HEADER = "<|start_header_id|>";
  public static final String END_HEADER = "<|end_header_id|>";
  public static final String END_OF_TURN = "<|eot_id|>";

  /** Llama 3.1's end of a message that calls a tool; a stop token where the vocabulary has it. */
  public static final String END_OF_MESSAGE = "<|eom_id|>";

  public Llama3Renderer {
    Objects.requireNonNull(bosText, "bosText");
  }

  @Override
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    ChatRenderer.requireMessages(messages);
    StringBuilder out = new StringBuilder(bosText);
    for (ChatMessage m : messages) {
      header(out, m.role().wireName()).append(m.content().strip()).append(END_OF_TURN);
    }
    if (addGenerationPrompt) {
      header(out, "assistant");
    }
    return out.toString();
  }

  private static StringBuilder header(StringBuilder out, String role) {
    return out.append(START_HEADER).append(role).append(END_HEADER).append("\n\n");
  }
}
