package io.infer4j.runtime.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Files that are not regular files, for tests of what a reader does with them. */
public final class SpecialFiles {
  private SpecialFiles() {}

  /**
   * Makes a named pipe (FIFO) {@code dir/name} with {@code mkfifo}; skips the test, saying why, on
   * a system without it. Opening the pipe for reading blocks until a writer opens it.
   */
  public static Path namedPipe(Path dir, String name) {
    Path pipe = dir.resolve(name);
    try {
      Process p = new ProcessBuilder("mkfifo", pipe.toString()).redirectErrorStream(true).start();
      boolean ended = p.waitFor(10, TimeUnit.SECONDS);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assumeTrue(ended && p.exitValue() == 0, "mkfifo did not make a named pipe here: " + out);
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo on this system (" + e.getMessage() + "); skipping");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return pipe;
  }
}
