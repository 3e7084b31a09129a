package io.infer4j.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.gpu.GpuHardware;
import io.infer4j.runtime.testing.PublishedFigure;
import io.infer4j.runtime.testing.PublishedFigures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tests of published rows share: reading a rows file from the test class path, the GPU a
 * row's hardware names, a number out of its configuration, and running the command line for JSON.
 */
final class PublishedRows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PublishedRows() {}

  /** The rows of {@code resource} (a CSV with the columns of {@code ../shared/validation}). */
  static List<PublishedFigure> read(String resource) throws IOException {
    try (InputStream in = PublishedRows.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is not on the test class path");
      }
      return PublishedFigures.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList(), resource);
    }
  }

  /** The id of the first GPU the timing model knows that {@code hardware} names as a word. */
  static String gpu(String hardware) {
    String text = hardware.toLowerCase(Locale.ROOT).replace('-', ' ');
    for (GpuHardware h : GpuHardware.values()) {
      if (text.matches("(?s).*\\b" + h.id().replace('-', ' ') + "\\b.*")) {
        return h.id();
      }
    }
    throw new IllegalArgumentException("no GPU the timing model knows in '" + hardware + "'");
  }

  /** The first group of {@code pattern}'s first match in {@code text}. */
  static String group(String text, String pattern) {
    Matcher m = Pattern.compile(pattern).matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + pattern + " in '" + text + "'");
    }
    return m.group(1);
  }

  /** Runs the command line and reads its output as JSON; a non-zero exit is an error. */
  static JsonNode run(List<String> args) {
    CliResult r = Cli.run(args.toArray(String[]::new));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", args) + " failed: " + r);
    }
    try {
      return JSON.readTree(r.out());
    } catch (IOException e) {
      throw new IllegalStateException(r.out(), e);
    }
  }
}
