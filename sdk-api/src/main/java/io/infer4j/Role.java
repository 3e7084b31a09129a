package io.infer4j;

/** Who speaks in a chat message. */
public enum Role {
  /** Instructions that set the assistant's behaviour, usually first. */
  SYSTEM,
  /** The person (or application) asking. */
  USER,
  /** The model: an earlier answer, or the tool calls it made. */
  ASSISTANT,
  /** The result of a tool call, sent back to the model ({@link ChatMessage#tool}). */
  TOOL;

  /** {@return the lower-case wire name ({@code system}, {@code user}, {@code assistant}, {@code tool})} */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
