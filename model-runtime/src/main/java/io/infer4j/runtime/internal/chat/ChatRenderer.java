package io.infer4j.runtime.internal.chat;

import io.infer4j.ChatMessage;
import io.infer4j.InvalidRequestException;
import io.infer4j.ToolDefinition;
import java.util.List;

/**
 * Renders a conversation as prompt text in one format, with the special tokens written as their
 * text (to be encoded with {@link io.infer4j.runtime.Tokenizer#encodeWithSpecialTokens}).
 * Implementations are immutable and thread-safe.
 */
public interface ChatRenderer {

  /**
   * The prompt text of {@code messages}, with {@code tools} offered to the model where the format
   * has tool calling; with {@code addGenerationPrompt}, followed by the opening of the
   * assistant's turn.
   *
   * @param tools the tools to describe to the model; empty for none
   * @throws InvalidRequestException naming {@code messages} (or {@code tools}) if the list is
   *     empty or the format cannot express it (e.g. roles that do not alternate for Llama 2, tools
   *     in a format without tool calling)
   */
  String render(List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt);

  /** Rejects an empty conversation. */
  static void requireMessages(List<ChatMessage> messages) {
    if (messages.isEmpty()) {
      throw new InvalidRequestException("messages", "must not be empty");
    }
  }
}
