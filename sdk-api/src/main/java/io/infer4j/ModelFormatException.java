package io.infer4j;

/**
 * A model file exists but cannot be read: wrong magic, unknown version or tensor type, offsets
 * past the end of the file, missing metadata. The message names the file and the problem.
 */
public final class ModelFormatException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** The file or resource that could not be read. */
  private final String source;

  /** What is wrong with it. */
  private final String problem;

  /**
   * A format error without a cause.
   *
   * @param source the file (or resource) being read
   * @param problem what is wrong, with the offending value and, where it helps, its offset
   */
  public ModelFormatException(String source, String problem) {
    this(source, problem, null);
  }

  /**
   * A format error with its cause (an {@code IOException} while reading, say).
   *
   * @param source the file (or resource) being read
   * @param problem what is wrong, with the offending value and, where it helps, its offset
   * @param cause the underlying exception, or {@code null}
   */
  public ModelFormatException(String source, String problem, Throwable cause) {
    super("bad model file " + source + ": " + problem, cause);
    this.source = source;
    this.problem = problem;
  }

  /** {@return the file or resource that could not be read} */
  public String source() {
    return source;
  }

  /**
   * {@return what is wrong, without the file: the message is {@code bad model file source:
   * problem}} A layer that knows more about how the file was chosen can restate the failure.
   */
  public String problem() {
    return problem;
  }

  @Override
  public boolean isRetryable() {
    return false;
  }

  private ModelFormatException(ModelFormatException from, RouteDecision route) {
    super(from, route);
    this.source = from.source;
    this.problem = from.problem;
  }

  @Override
  ModelFormatException copyWith(RouteDecision route) {
    return new ModelFormatException(this, route);
  }
}
