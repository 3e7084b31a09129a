package io.infer4j;

/**
 * The request's latency budget ran out: no first token within the time-to-first-token budget, or
 * no complete answer within the total budget. Whatever text had arrived is kept in
 * {@link #partialText()}. Not retryable: the budget is spent.
 */
public final class DeadlineExceededException extends InferenceException {
  private static final long serialVersionUID = 1L;

  /** Which budget ran out and when. */
  private final String reason;
  /** The text produced before the deadline; empty when none. */
  private final String partialText;

  /**
   * A budget that ran out before any text was produced.
   *
   * @param reason which budget ran out and when, e.g. "no first token within 200 ms"
   */
  public DeadlineExceededException(String reason) {
    this(reason, "");
  }

  /**
   * A budget that ran out after some text was produced.
   *
   * @param reason which budget ran out and when, e.g. "no first token within 200 ms"
   * @param partialText the text produced before the deadline; {@code null} for none
   */
  public DeadlineExceededException(String reason, String partialText) {
    super("deadline exceeded: " + reason, null);
    this.reason = reason;
    this.partialText = partialText == null ? "" : partialText;
  }

  /**
   * {@return the same failure, its {@linkplain #route() routing decision} included, with this
   * partial text}
   *
   * @param text the text produced before the deadline; {@code null} for none
   */
  public DeadlineExceededException withPartialText(String text) {
    DeadlineExceededException copy = new DeadlineExceededException(reason, text);
    copy.setStackTrace(getStackTrace());
    return route().map(copy::copyWith).orElse(copy);
  }

  /** {@return which budget ran out and when} */
  public String reason() {
    return reason;
  }

  /** {@return the text produced before the deadline passed; empty when none} */
  public String partialText() {
    return partialText;
  }

  @Override
  public boolean isRetryable() {
    return false;
  }

  private DeadlineExceededException(DeadlineExceededException from, RouteDecision route) {
    super(from, route);
    this.reason = from.reason;
    this.partialText = from.partialText;
  }

  @Override
  DeadlineExceededException copyWith(RouteDecision route) {
    return new DeadlineExceededException(this, route);
  }
}
