package io.infer4j.remote.internal;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records of one logger while a test runs: {@link #start()} lowers the logger to {@code FINE}
 * (the System.Logger's DEBUG) and attaches a handler, {@link #stop()} undoes both.
 */
final class CapturedLog {
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level previous;

  CapturedLog(String loggerName) {
    this.logger = Logger.getLogger(loggerName);
  }

  void start() {
    previous = logger.getLevel();
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
  }

  void stop() {
    logger.removeHandler(handler);
    logger.setLevel(previous);
  }

  /** Sets the logger's level while capturing (e.g. to check what is logged above DEBUG). */
  void level(Level level) {
    logger.setLevel(level);
  }

  /** The records so far. */
  List<LogRecord> records() {
    return records;
  }

  /** Record {@code i}'s message with its parameters filled in. */
  String message(int i) {
    return format(records.get(i));
  }

  /** Every message so far, parameters filled in. */
  List<String> messages() {
    return records.stream().map(CapturedLog::format).toList();
  }

  private static String format(LogRecord r) {
    return r.getParameters() == null ? r.getMessage()
        : MessageFormat.format(r.getMessage(), r.getParameters());
  }
}
