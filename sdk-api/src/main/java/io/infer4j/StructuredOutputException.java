package io.infer4j;

/**
 * An answer that should be JSON (a {@link ResponseFormat} other than text) or a tool call's
 * arguments are not valid: not JSON, cut off, not valid against their schema, or a call of a tool
 * the request did not offer. Says what was checked, where it is invalid and why.
 *
 * <p>Retryable: sampling again, or another backend, may give a valid answer.
 */
public final class StructuredOutputException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** What was checked: {@code "response"} or one tool call's arguments. */
  private final String target;
  /** Where it is invalid, a JSON path from {@code $}. */
  private final String location;
  /** Why it is invalid. */
  private final String problem;
  /** The text that was checked. */
  private final String output;

  /**
   * An invalid answer, without a cause.
   *
   * @param target what was checked: {@code "response"} or {@code "tool_calls[<id>]
   *     (<name>).arguments"}
   * @param location where it is invalid, as a JSON path ({@code $.address.city}), or {@code $}
   * @param problem why
   * @param output the text that was checked
   */
  public StructuredOutputException(String target, String location, String problem, String output) {
    this(target, location, problem, output, null);
  }

  /**
   * An invalid answer, with the failure that found it (a JSON parser's, say).
   *
   * @param target what was checked: {@code "response"} or {@code "tool_calls[<id>]
   *     (<name>).arguments"}
   * @param location where it is invalid, as a JSON path ({@code $.address.city}), or {@code $}
   * @param problem why
   * @param output the text that was checked
   * @param cause the underlying failure, or {@code null}
   */
  public StructuredOutputException(
      String target, String location, String problem, String output, Throwable cause) {
    super("invalid structured output: " + target + " at " + location + ": " + problem, cause);
    this.target = target;
    this.location = location;
    this.problem = problem;
    this.output = output;
  }

  /** {@return what was checked: the response text or one tool call's arguments} */
  public String target() {
    return target;
  }

  /** {@return where it is invalid, a JSON path from {@code $}} */
  public String location() {
    return location;
  }

  /** {@return why it is invalid, without the target and location} */
  public String problem() {
    return problem;
  }

  /** {@return the text that was checked} */
  public String output() {
    return output;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }

  private StructuredOutputException(StructuredOutputException from, RouteDecision route) {
    super(from, route);
    this.target = from.target;
    this.location = from.location;
    this.problem = from.problem;
    this.output = from.output;
  }

  @Override
  StructuredOutputException copyWith(RouteDecision route) {
    return new StructuredOutputException(this, route);
  }
}
