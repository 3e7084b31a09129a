package io.infer4j.runtime.internal.chat;

import io.infer4j.ChatMessage;
import io.infer4j.InvalidRequestException;
import java.util.List;

/**
 * Renders a conversation as prompt text in one format, with the special tokens written as their
 * text (to be encoded with {@link io.infer4j.runtime.Tokenizer#encodeWithSpecialTokens}).
 * Implementations are immutable and thread-safe.
 */
public interface ChatRenderer {

  /**
   * The prompt text of {@code messages}; with {@code addGenerationPrompt}, followed by the opening
   * of the assistant's turn.
   *
   * @throws InvalidRequestException naming {@code messages} if the list is empty or the format
   *     cannot express it (e.g. roles that do not alternate for Llama 2)
   */
  String render(List<ChatMessage> messages, boolean addGenerationPrompt);

  /** Rejects an empty conversation. */
  static void requireMessages(List<ChatMessage> messages) {
    if (messages.isEmpty()) {
      throw new InvalidRequestException("messages", "must not be empty");
    }
  }
}
