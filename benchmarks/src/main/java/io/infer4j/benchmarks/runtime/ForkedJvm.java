package io.infer4j.benchmarks.runtime;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a child JVM (this JVM's {@code java} command and class path), for engines
 * that must not share this process (llama.cpp's {@code close()} can hang, so its probes halt).
 */
final class ForkedJvm {
  private ForkedJvm() {}

  /**
   * Runs {@code main} with {@code args}, its stderr discarded, and returns the lines of its stdout
   * that start with {@code prefix}. A child still running after {@code timeoutSeconds} is killed,
   * which is reported on stderr, as is a child that printed no such line.
   */
  static List<String> lines(Class<?> main, List<String> args, String prefix, long timeoutSeconds)
      throws Exception {
    return lines(main, List.of(), args, prefix, timeoutSeconds);
  }

  /** {@link #lines(Class, List, String, long)} with options {@code jvmArgs} for the child JVM. */
  static List<String> lines(Class<?> main, List<String> jvmArgs, List<String> args, String prefix,
      long timeoutSeconds) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> found = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        System.err.println(main.getSimpleName() + " timed out after " + timeoutSeconds + " s");
      }
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(prefix)) {
          found.add(line);
        }
      }
    } finally {
      p.destroyForcibly();
    }
    if (found.isEmpty()) {
      System.err.println(main.getSimpleName() + " printed no '" + prefix.trim() + "' line (exit "
          + p.waitFor() + ")");
    }
    return found;
  }
}
