package io.infer4j;

/** The requested model is not known to the backend (no such file, id or deployment). */
public final class ModelNotFoundException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** The model id or path as requested. */
  private final String model;

  /**
   * A missing model, without a cause.
   *
   * @param model the model id or path as requested
   * @param message where the backend looked, or what it knows instead
   */
  public ModelNotFoundException(String model, String message) {
    this(model, message, null);
  }

  /**
   * A missing model, with its cause (a {@code NoSuchFileException}, an HTTP 404, say).
   *
   * @param model the model id or path as requested
   * @param message where the backend looked, or what it knows instead
   * @param cause the underlying exception, or {@code null}
   */
  public ModelNotFoundException(String model, String message, Throwable cause) {
    super("model not found: " + model + ": " + message, cause);
    this.model = model;
  }

  /** {@return the model id or path as requested} */
  public String model() {
    return model;
  }

  @Override
  public boolean isRetryable() {
    return false;
  }

  private ModelNotFoundException(ModelNotFoundException from, RouteDecision route) {
    super(from, route);
    this.model = from.model;
  }

  @Override
  ModelNotFoundException copyWith(RouteDecision route) {
    return new ModelNotFoundException(this, route);
  }
}
