package io.infer4j.samples.cli.internal;

import io.infer4j.runtime.LlamaModel;
import io.infer4j.spi.BackendConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The warnings a command-line user must see even without {@code --verbose}, each as one line
 * {@code infer4j: warning: <message>} on the command's stderr: the model runtime's about a context
 * length above the model file's ({@code --context-length 512} on a file that says 128; llama.cpp
 * prints the same warning), and the backend resolver's about a configured instance key its backend
 * never read ({@code infer4j.backends.gpu.kernal}: misspelt, or no setting of that type). The rest
 * of the libraries' logging stays quiet ({@link QuietLogging}). Like {@link VerboseLogging}, {@link
 * #close()} puts logging back, and two runs at the same time in one JVM see each other's lines.
 */
public final class RuntimeWarnings implements AutoCloseable {

  // Strong references: java.util.logging holds loggers weakly, and a collected one forgets its
  // level.
  private static final List<Logger> LOGGERS = List.of(
      Logger.getLogger(LlamaModel.CONTEXT_WARNINGS),
      Logger.getLogger(BackendConfig.UNREAD_KEYS_LOGGER));

  private final Handler handler;
  private final List<Level> previousLevels = new ArrayList<>();
  private final List<Boolean> previousUseParents = new ArrayList<>();

  private RuntimeWarnings(Handler handler) {
    this.handler = handler;
    for (Logger logger : LOGGERS) {
      previousLevels.add(logger.getLevel());
      previousUseParents.add(logger.getUseParentHandlers());
      logger.setLevel(Level.WARNING); // above QuietLogging's OFF for io.infer4j.runtime
      logger.setUseParentHandlers(false); // not twice: not the console's two-line format
      logger.addHandler(handler);
    }
  }

  /** Starts printing the warnings to {@code err} until {@link #close()}. */
  public static RuntimeWarnings to(PrintWriter err) {
    return new RuntimeWarnings(new StderrLineHandler(err, Level.WARNING,
        message -> "infer4j: warning: " + message.strip().replaceAll("\\s*\\R\\s*", " ")));
  }

  @Override
  public void close() {
    for (int i = 0; i < LOGGERS.size(); i++) {
      Logger logger = LOGGERS.get(i);
      logger.removeHandler(handler);
      logger.setLevel(previousLevels.get(i));
      logger.setUseParentHandlers(previousUseParents.get(i));
    }
  }
}
