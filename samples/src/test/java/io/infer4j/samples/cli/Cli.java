package io.infer4j.samples.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Runs the command line in-process with captured streams. */
final class Cli {

  private Cli() {}

  static CliResult run(String... args) {
    return runWithInput("", args);
  }

  static CliResult runWithInput(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Infer4jCommand.execute(
        args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintWriter(out),
        new PrintWriter(err));
    return new CliResult(code, out.toString(), err.toString());
  }

  /** Runs {@code action} with a system property set, restoring the previous value after. */
  static CliResult withSystemProperty(String key, String value, Supplier<CliResult> action) {
    String previous = System.getProperty(key);
    System.setProperty(key, value);
    try {
      return action.get();
    } finally {
      if (previous == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, previous);
      }
    }
  }

  /** Writes a properties file into {@code dir} and returns its path. */
  static Path configFile(Path dir, String... lines) {
    Path file = dir.resolve("infer4j-" + System.nanoTime() + ".properties");
    try {
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
