package io.infer4j.lpu;

/**
 * The model's weights and KV cache do not fit in the SRAM of the chips offered. Carries how many
 * chips the compiler needs for the same model, precision, context and batch, so a command line can
 * say so and exit non-zero.
 */
public final class InsufficientChipsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The model id. */
  private final String model;
  /** The chips offered; 0 when the fewest that fit were asked for. */
  private final int chipsGiven;
  /** The fewest chips that fit, or a count above the largest system's. */
  private final int chipsNeeded;

  /**
   * Creates the exception; the message names the model, the chips offered and needed, and the
   * detail.
   *
   * @param model the model id
   * @param chipsGiven the chips offered (0 when "as few as fit" was asked)
   * @param chipsNeeded the fewest chips that fit, or a count above the largest system's
   * @param detail what did not fit (which bytes, which limit)
   */
  public InsufficientChipsException(String model, int chipsGiven, int chipsNeeded, String detail) {
    super(model + " does not fit in the SRAM of " + (chipsGiven == 0 ? "the largest system" : chipsGiven + " chip(s)")
        + ": needs " + chipsNeeded + " chips (" + detail + ")");
    this.model = model;
    this.chipsGiven = chipsGiven;
    this.chipsNeeded = chipsNeeded;
  }

  /** {@return the model id} */
  public String model() {
    return model;
  }

  /** {@return the chips offered (0 when the fewest that fit were asked for)} */
  public int chipsGiven() {
    return chipsGiven;
  }

  /** {@return the fewest chips the model needs with the same precision, context and batch} */
  public int chipsNeeded() {
    return chipsNeeded;
  }
}
