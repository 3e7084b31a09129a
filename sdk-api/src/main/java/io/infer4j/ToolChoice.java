package io.infer4j;

import java.util.Objects;

/**
 * Whether the model may, must or must not call a tool, or which one it must call.
 *
 * @param mode auto, none, required, or a named tool
 * @param toolName the tool, for {@link Mode#NAMED}; {@code null} otherwise
 */
public record ToolChoice(Mode mode, String toolName) {

  /** What the model is allowed to do. */
  public enum Mode {
    /** The model decides between answering and calling tools (the default when tools are given). */
    AUTO,
    /** No tool call; the model answers in text. */
    NONE,
    /** At least one tool call. */
    REQUIRED,
    /** A call of {@link ToolChoice#toolName()}. */
    NAMED
  }

  /** The model decides between answering and calling tools. */
  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
  /** No tool call; the model answers in text. */
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
  /** At least one tool call. */
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

  /**
   * Validates the choice.
   *
   * @throws NullPointerException if {@code mode} is {@code null}
   * @throws InvalidRequestException if a tool name is given with a mode other than {@link
   *     Mode#NAMED}, or none with it
   */
  public ToolChoice {
    Objects.requireNonNull(mode, "mode");
    if ((mode == Mode.NAMED) != (toolName != null)) {
      throw new InvalidRequestException("toolChoice",
          "a tool name goes with mode NAMED and only with it: " + mode + ", " + toolName);
    }
  }

  /**
   * {@return the model must call the tool {@code name}}
   *
   * @param name the tool's name, one of the request's tools
   * @throws NullPointerException if {@code name} is {@code null}
   */
  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.NAMED, Objects.requireNonNull(name, "name"));
  }
}
