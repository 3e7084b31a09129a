package io.infer4j.samples.cli.internal;

import io.infer4j.runtime.LlamaModel;
import java.io.PrintWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The model runtime's warnings a command-line user must see even without {@code --verbose}, each
 * as one line {@code infer4j: warning: <message>} on the command's stderr: today only the one
 * about a context length above the model file's ({@code --context-length 512} on a file that says
 * 128; llama.cpp prints the same warning). The rest of the runtime's logging stays quiet ({@link
 * QuietLogging}). Like {@link VerboseLogging}, {@link #close()} puts logging back, and two runs at
 * the same time in one JVM see each other's lines.
 */
public final class RuntimeWarnings implements AutoCloseable {

  // A strong reference: java.util.logging holds loggers weakly, and a collected one forgets its
  // level.
  private static final Logger CONTEXT = Logger.getLogger(LlamaModel.CONTEXT_WARNINGS);

  private final Handler handler;
  private final Level previousLevel;
  private final boolean previousUseParents;

  private RuntimeWarnings(Handler handler) {
    this.handler = handler;
    this.previousLevel = CONTEXT.getLevel();
    this.previousUseParents = CONTEXT.getUseParentHandlers();
    CONTEXT.setLevel(Level.WARNING); // above QuietLogging's OFF for io.infer4j.runtime
    CONTEXT.setUseParentHandlers(false); // not twice: not the console's two-line format, not --verbose's
    CONTEXT.addHandler(handler);
  }

  /** Starts printing the warnings to {@code err} until {@link #close()}. */
  public static RuntimeWarnings to(PrintWriter err) {
    return new RuntimeWarnings(new StderrLineHandler(err, Level.WARNING,
        message -> "infer4j: warning: " + message.strip().replaceAll("\\s*\\R\\s*", " ")));
  }

  @Override
  public void close() {
    CONTEXT.removeHandler(handler);
    CONTEXT.setLevel(previousLevel);
    CONTEXT.setUseParentHandlers(previousUseParents);
  }
}
