package io.infer4j;

/**
 * One message of a chat: who says it and what. Content may be empty, never {@code null}.
 */
public record ChatMessage(Role role, String content) {

  public ChatMessage {
    if (role == null) {
      throw new InvalidRequestException("messages.role", "must not be null");
    }
    if (content == null) {
      throw new InvalidRequestException("messages.content", "must not be null (use \"\" for empty)");
    }
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(Role.SYSTEM, content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content);
  }
}
