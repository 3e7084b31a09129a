package io.infer4j.samples.cli.internal;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps library logging (SmallRye Config, Weld, JBoss Logging, all through java.util.logging) off
 * the console, so stdout carries only the answer and stderr only the one error line. The model
 * runtime's note that a backend serves the embedded model is silenced too: on the command line
 * that is the documented default, and responses name the model. So is the "gpu" backend's line
 * saying whether it runs on CUDA or the CPU path: {@code --json} shows it as {@code
 * timing.device}.
 */
public final class QuietLogging {

  // Strong references: java.util.logging holds loggers weakly, and a collected logger forgets its level.
  private static final List<Logger> SILENCED = List.of(
      Logger.getLogger("io.smallrye"), Logger.getLogger("org.jboss"), Logger.getLogger("org.jboss.weld"),
      Logger.getLogger("io.infer4j.runtime"), Logger.getLogger("io.infer4j.gpu"));

  private QuietLogging() {}

  /** Turns the libraries' loggers off. Idempotent. */
  public static void apply() {
    for (Logger logger : SILENCED) {
      logger.setLevel(Level.OFF);
    }
  }
}
