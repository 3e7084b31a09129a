package io.infer4j;

import java.util.Objects;

/**
 * The configuration does not describe a usable backend: an unknown backend name, a missing or
 * malformed key. Raised when a client is created ("fail at start"), never during a request.
 */
public final class InvalidConfigurationException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** The full configuration key at fault. */
  private final String key;
  /** The value found, or {@code null} when the key is missing. */
  private final String value;
  /** What is wrong, without the key and value. */
  private final String problem;

  /**
   * A configuration error without a cause.
   *
   * @param key the full configuration key at fault, e.g. {@code infer4j.backend}
   * @param value the value found, or {@code null} when the key is missing
   * @param problem what is wrong and, where it helps, what would be accepted
   * @throws NullPointerException if {@code key} is {@code null}
   */
  public InvalidConfigurationException(String key, String value, String problem) {
    this(key, value, problem, null);
  }

  /**
   * A configuration error with its cause (a parse failure, say).
   *
   * @param key the full configuration key at fault, e.g. {@code infer4j.backend}
   * @param value the value found, or {@code null} when the key is missing
   * @param problem what is wrong and, where it helps, what would be accepted
   * @param cause the underlying exception, or {@code null}
   * @throws NullPointerException if {@code key} is {@code null}
   */
  public InvalidConfigurationException(String key, String value, String problem, Throwable cause) {
    super(describe(key, value) + ": " + problem + commentHint(value), cause);
    this.key = key;
    this.value = value;
    this.problem = problem;
  }

  /**
   * A hint when {@code value} holds a comment written after it on its line ({@code lpu   # the
   * simulator}): a properties file takes a {@code #} as a comment only at the start of a line.
   */
  private static String commentHint(String value) {
    return value != null && value.matches("(?s).*\\s#.*")
        ? " (a '#' after a value is part of the value in a .properties file: put the comment on a"
            + " line of its own)"
        : "";
  }

  private static String describe(String key, String value) {
    Objects.requireNonNull(key, "key");
    return value == null ? key + " (not set)" : key + "=" + value;
  }

  /** {@return the full configuration key at fault} */
  public String key() {
    return key;
  }

  /** {@return the offending value, or {@code null} when the key was missing} */
  public String value() {
    return value;
  }

  /**
   * {@return what is wrong, without the key and value: the message is {@code key=value: problem} (or
   * {@code key (not set): problem})} A layer that knows the key under another name (a command
   * line flag) can restate the failure with it.
   */
  public String problem() {
    return problem;
  }

  @Override
  public boolean isRetryable() {
    return false;
  }

  private InvalidConfigurationException(InvalidConfigurationException from, RouteDecision route) {
    super(from, route);
    this.key = from.key;
    this.value = from.value;
    this.problem = from.problem;
  }

  @Override
  InvalidConfigurationException copyWith(RouteDecision route) {
    return new InvalidConfigurationException(this, route);
  }
}
