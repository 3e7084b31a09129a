package io.infer4j;

import java.util.Objects;

/**
 * The request itself is wrong (a parameter out of range, an empty message list, a deadline already
 * in the past). Raised before any work is done; never retryable.
 */
public final class InvalidRequestException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** The dotted path of the field at fault. */
  private final String field;

  /** What is wrong with it. */
  private final String problem;

  /**
   * A request error without a cause.
   *
   * @param field the request field at fault, as a dotted path ({@code sampling.temperature})
   * @param problem what is wrong with it, including the offending value
   * @throws NullPointerException if {@code field} is {@code null}
   */
  public InvalidRequestException(String field, String problem) {
    this(field, problem, null);
  }

  /**
   * A request error with its cause (a JSON parser's failure on a schema, say).
   *
   * @param field the request field at fault, as a dotted path ({@code sampling.temperature})
   * @param problem what is wrong with it, including the offending value
   * @param cause the underlying exception, or {@code null}
   * @throws NullPointerException if {@code field} is {@code null}
   */
  public InvalidRequestException(String field, String problem, Throwable cause) {
    super("invalid request: " + Objects.requireNonNull(field, "field") + ": " + problem, cause);
    this.field = field;
    this.problem = problem;
  }

  /** {@return the dotted path of the field at fault, e.g. {@code sampling.maxTokens}} */
  public String field() {
    return field;
  }

  /**
   * {@return what is wrong, without the field: the message is {@code invalid request: field:
   * problem}} A layer that knows the field under another name (a command-line flag) can restate
   * the failure with it.
   */
  public String problem() {
    return problem;
  }

  @Override
  public boolean isRetryable() {
    return false;
  }

  private InvalidRequestException(InvalidRequestException from, RouteDecision route) {
    super(from, route);
    this.field = from.field;
    this.problem = from.problem;
  }

  @Override
  InvalidRequestException copyWith(RouteDecision route) {
    return new InvalidRequestException(this, route);
  }
}
