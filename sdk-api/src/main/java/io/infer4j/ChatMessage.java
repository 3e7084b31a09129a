package io.infer4j;

import java.util.List;

/**
 * One message of a chat: who says it and what. Content may be empty, never {@code null}.
 *
 * <p>Besides text, an assistant message may carry the tool calls the model made ({@link
 * #assistant(List)}), a tool message answers one of them by id ({@link #tool(String, String)}),
 * and a user message may carry images or sounds ({@link #user(String, MediaPart...)}).
 *
 * @param role who speaks
 * @param content the text
 * @param toolCalls the calls an assistant message made; empty otherwise
 * @param toolCallId the call a {@link Role#TOOL} message answers; {@code null} otherwise
 * @param media images and sounds of a user message; empty otherwise
 */
public record ChatMessage(
    Role role, String content, List<ToolCall> toolCalls, String toolCallId, List<MediaPart> media) {

  /**
   * Validates the message; {@code null} lists become empty, the lists are copied.
   *
   * @throws InvalidRequestException if {@code role} or {@code content} is {@code null}, tool calls
   *     are on a message that is not the assistant's, a tool message lacks {@code toolCallId} or
   *     another message has one, or media are on a message that is not the user's
   */
  public ChatMessage {
    if (role == null) {
      throw new InvalidRequestException("messages.role", "must not be null");
    }
    if (content == null) {
      throw new InvalidRequestException("messages.content", "must not be null (use \"\" for empty)");
    }
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    media = media == null ? List.of() : List.copyOf(media);
    if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
      throw new InvalidRequestException("messages.toolCalls", "only an assistant message makes tool calls");
    }
    if ((role == Role.TOOL) != (toolCallId != null)) {
      throw new InvalidRequestException("messages.toolCallId", role == Role.TOOL
          ? "a tool message must name the call it answers" : "only a tool message names a call");
    }
    if (!media.isEmpty() && role != Role.USER) {
      throw new InvalidRequestException("messages.media", "only a user message carries images or sounds");
    }
  }

  /**
   * A text message.
   *
   * @param role who speaks; not {@link Role#TOOL}, whose messages need a call id
   * @param content the text; {@code ""} for empty, never {@code null}
   * @throws InvalidRequestException if {@code role} or {@code content} is {@code null}, or
   *     {@code role} is {@link Role#TOOL}
   */
  public ChatMessage(Role role, String content) {
    this(role, content, List.of(), null, List.of());
  }

  /**
   * {@return a system text message}
   *
   * @param content the text; {@code ""} for empty
   * @throws InvalidRequestException if {@code content} is {@code null}
   */
  public static ChatMessage system(String content) {
    return new ChatMessage(Role.SYSTEM, content);
  }

  /**
   * {@return a user text message}
   *
   * @param content the text; {@code ""} for empty
   * @throws InvalidRequestException if {@code content} is {@code null}
   */
  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content);
  }

  /**
   * {@return a user message with images or sounds after its text}
   *
   * @param content the text; {@code ""} for none
   * @param media the images and sounds, in order
   * @throws InvalidRequestException if {@code content} is {@code null}
   */
  public static ChatMessage user(String content, MediaPart... media) {
    return new ChatMessage(Role.USER, content, List.of(), null, List.of(media));
  }

  /**
   * {@return a assistant text message}
   *
   * @param content the text; {@code ""} for empty
   * @throws InvalidRequestException if {@code content} is {@code null}
   */
  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content);
  }

  /**
   * {@return the assistant's turn that made {@code calls} (send it back before the tools' results)}
   *
   * @param calls the calls the model made, in the order it made them
   */
  public static ChatMessage assistant(List<ToolCall> calls) {
    return new ChatMessage(Role.ASSISTANT, "", calls, null, List.of());
  }

  /**
   * {@return the result of the call {@code toolCallId}, as text (often JSON)}
   *
   * @param toolCallId the id of the call this answers ({@link ToolCall#id()})
   * @param content the result; {@code ""} for empty
   * @throws InvalidRequestException if {@code toolCallId} or {@code content} is {@code null}
   */
  public static ChatMessage tool(String toolCallId, String content) {
    return new ChatMessage(Role.TOOL, content, List.of(), toolCallId, List.of());
  }
}
