package io.infer4j.samples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a separate JVM ({@code java -cp <test class path>
 * io.infer4j.samples.cli.Infer4jCommand ...}), for what only a real process shows: environment
 * variables, System.exit, and what reaches the real stdout and stderr.
 */
public final class CliProcess {

  private static final long TIMEOUT_SECONDS = 60;

  private CliProcess() {}

  /**
   * @param env environment variables to set; every inherited {@code INFER4J_*} one is removed
   * @param jvmOptions options before the main class, e.g. {@code -Dinfer4j.backend=x}
   */
  static CliResult run(Map<String, String> env, List<String> jvmOptions, String... args) {
    return runWithInput("", env, jvmOptions, args);
  }

  /** Like {@link #run}, with {@code stdin} piped to the process and then closed. */
  static CliResult runWithInput(
      String stdin, Map<String, String> env, List<String> jvmOptions, String... args) {
    return runMain(Infer4jCommand.class, stdin, env, jvmOptions, args);
  }

  /** Like {@link #runWithInput}, for another main class (the CDI sample's, say). */
  public static CliResult runMain(Class<?> mainClass,
      String stdin, Map<String, String> env, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-cp");
    command.add(testClassPath());
    command.addAll(jvmOptions);
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("INFER4J_"));
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(mainClass.getSimpleName() + " process did not end within " + TIMEOUT_SECONDS + " s");
      }
      return new CliResult(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** $JAVA_HOME/bin/java of the JVM running the tests. */
  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Surefire names the real class path here; java.class.path may be only its booter jar. */
  private static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}
