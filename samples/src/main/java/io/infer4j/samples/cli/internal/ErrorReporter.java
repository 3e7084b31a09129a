package io.infer4j.samples.cli.internal;

import io.infer4j.spi.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;

/**
 * Writes a failure to stderr the way every command does: exactly one line, {@code error:
 * <ExceptionType>: <message>}, with line breaks inside the message folded into spaces; with
 * {@code verbose}, the stack trace follows. Every secret (an API key) is replaced by {@value
 * #REDACTED} in both, as {@link Redactor} masks: a secret of 8 characters or more wherever it
 * occurs, a shorter one only as a whole word (the key {@code k} leaves "backend" alone). Not
 * thread-safe (one per failure).
 */
public final class ErrorReporter {

  /** What a secret is replaced with. */
  public static final String REDACTED = "***";

  private final PrintWriter err;
  private final boolean verbose;
  private final Redactor secrets;

  /**
   * @param err where to write; flushed after each report
   * @param verbose whether to add the stack trace
   * @param secrets values that must never be printed; blank ones are ignored
   */
  public ErrorReporter(PrintWriter err, boolean verbose, Collection<String> secrets) {
    this.err = err;
    this.verbose = verbose;
    this.secrets = Redactor.of(secrets, REDACTED);
  }

  /** Writes the line (and the stack trace when verbose). */
  public void report(Throwable failure) {
    report(failure.getClass().getSimpleName(), failure.getMessage(), failure);
  }

  /** Writes the line for a failure under the given type name (and its stack trace when verbose). */
  public void report(String type, String message, Throwable failure) {
    err.println(line(type, message));
    if (verbose) {
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      err.print(redact(trace.toString()));
    }
    err.flush();
  }

  /** {@code error: <SimpleClassName>: <message on one line>}, redacted. */
  public String line(Throwable failure) {
    return line(failure.getClass().getSimpleName(), failure.getMessage());
  }

  private String line(String type, String message) {
    if (message == null || message.isBlank()) {
      return "error: " + type;
    }
    return "error: " + type + ": " + redact(message.strip().replaceAll("\\s*\\R\\s*", " "));
  }

  /** {@code text} with every secret replaced by {@value #REDACTED}. */
  public String redact(String text) {
    return secrets.redact(text);
  }
}
