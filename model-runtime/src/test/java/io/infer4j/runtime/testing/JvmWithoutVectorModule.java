package io.infer4j.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's {@code main} class in a fresh JVM on this test run's class path (its module path
 * too, as plain class path) without {@code --add-modules jdk.incubator.vector}: what a
 * class-path application that did not add the Vector API module sees.
 */
public final class JvmWithoutVectorModule {
  private JvmWithoutVectorModule() {}

  /**
   * {@return the last line {@code main} printed}, after asserting that it exited with 0 within
   * {@code seconds}; the whole output is the assertion message.
   */
  public static String lastLine(Class<?> main, int seconds, String... args) throws Exception {
    List<String> path = new ArrayList<>();
    for (String key : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(key, "");
      if (!value.isEmpty()) {
        path.addAll(Arrays.asList(value.split(File.pathSeparator)));
      }
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, path), main.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    assertTrue(ended, () -> main.getName() + " did not end within " + seconds + " s: " + out);
    assertEquals(0, p.exitValue(), out);
    return out.lines().reduce((a, b) -> b).orElse("");
  }
}
