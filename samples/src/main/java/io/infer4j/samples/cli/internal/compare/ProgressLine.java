package io.infer4j.samples.cli.internal.compare;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * One line on a terminal's stderr that says what {@code compare} is doing while slow platforms
 * run, rewritten in place ({@code \r}) and cleared at the end, so stdout carries only the answer.
 * {@link #NONE} prints nothing (stderr is not a terminal). Not thread-safe: one command drives it.
 */
public class ProgressLine {
  /** Prints nothing. */
  public static final ProgressLine NONE = new ProgressLine(null, 0);

  private final PrintWriter err;
  private final int steps;
  private int step;
  private int width;

  /**
   * @param err the terminal's stderr, or {@code null} to print nothing
   * @param steps how many platforms will be reported
   */
  public ProgressLine(PrintWriter err, int steps) {
    this.err = err;
    this.steps = steps;
  }

  /** Says that {@code platform} starts ({@code what} it does). */
  public void start(String platform, String what) {
    if (err == null) {
      return;
    }
    step++;
    show(String.format(Locale.ROOT, "compare [%d/%d] %s: %s ...", step, steps,
        Objects.requireNonNull(platform), what));
  }

  /** Says how {@code platform} ended. */
  public void done(String platform, String outcome) {
    show(String.format(Locale.ROOT, "compare [%d/%d] %s: %s", step, steps, platform, outcome));
  }

  /** Clears the line, so what follows starts on a clean line. */
  public void finish() {
    if (err != null && width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
      width = 0;
    }
  }

  private void show(String text) {
    if (err == null) {
      return;
    }
    err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
    width = Math.max(width, text.length());
    err.flush();
  }
}
