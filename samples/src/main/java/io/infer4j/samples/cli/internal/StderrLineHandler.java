package io.infer4j.samples.cli.internal;

import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} handler that writes each record it takes as one line on a command's
 * stderr: the record's formatted message turned into the line by {@code line} (a prefix, a
 * redaction). Lines of concurrent runs do not interleave within a line.
 */
final class StderrLineHandler extends Handler {

  private final PrintWriter err;
  private final UnaryOperator<String> line;
  private final SimpleFormatter formatter = new SimpleFormatter();

  StderrLineHandler(PrintWriter err, Level level, UnaryOperator<String> line) {
    this.err = err;
    this.line = line;
    setLevel(level);
  }

  @Override
  public void publish(LogRecord r) {
    if (isLoggable(r)) {
      synchronized (err) {
        err.println(line.apply(formatter.formatMessage(r)));
        err.flush();
      }
    }
  }

  @Override
  public void flush() {
    err.flush();
  }

  @Override
  public void close() {}
}
