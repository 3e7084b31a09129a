package io.infer4j.samples.cli.internal;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What {@code --verbose} shows while a command runs: infer4j's own log records at {@code FINE}
 * ({@code System.Logger}'s {@code DEBUG}) and above, such as each retry of a remote backend,
 * printed on the command's stderr as {@code infer4j: <message>} lines, secrets redacted. Other
 * libraries stay quiet ({@link QuietLogging}). {@link #close()} puts logging back as it was, so
 * in-process runs one after another do not leak into each other. java.util.logging is
 * process-wide: two {@code --verbose} runs at the same time in one JVM (tests, an embedding
 * application) each see the other's lines, and the later to close restores the level.
 */
public final class VerboseLogging implements AutoCloseable {

  // A strong reference: java.util.logging holds loggers weakly, and a collected one forgets its
  // level.
  private static final Logger INFER4J = Logger.getLogger("io.infer4j");

  private final Handler handler;
  private final Level previous;

  private VerboseLogging(Handler handler) {
    this.handler = handler;
    this.previous = INFER4J.getLevel();
    INFER4J.setLevel(Level.FINE);
    INFER4J.addHandler(handler);
  }

  /**
   * Starts printing to {@code err} until {@link #close()}.
   *
   * @param secrets values never to print (API keys); blank ones are ignored
   */
  public static VerboseLogging to(PrintWriter err, Collection<String> secrets) {
    ErrorReporter redactor = new ErrorReporter(err, false, secrets);
    Handler handler = new StderrLineHandler(err, Level.FINE,
        message -> "infer4j: " + redactor.redact(message));
    return new VerboseLogging(handler);
  }

  @Override
  public void close() {
    INFER4J.removeHandler(handler);
    INFER4J.setLevel(previous);
  }
}
