package io.infer4j.runtime.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Locates the shared models and golden outputs: env {@code INFER4J_SHARED_DIR}, else system
 * property {@code infer4j.shared.dir}, else {@code ../../shared} relative to the module. A test
 * that needs a missing file is skipped, unless env {@code CI=true}, where it fails. Shipped in
 * model-runtime's test-jar, so every module's tests find the shared data the same way.
 */
public final class SharedFiles {
  private SharedFiles() {}

  /** The shared folder (may not exist). */
  public static Path root() {
    String env = System.getenv("INFER4J_SHARED_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String prop = System.getProperty("infer4j.shared.dir");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    return Path.of("../../shared");
  }

  /** {@code <shared>/<relative>}, skipping (or failing on CI) when absent. */
  public static Path file(String relative) {
    return require(root().resolve(relative));
  }

  /** The rows of {@code validation/published.csv}. */
  public static java.util.List<io.infer4j.runtime.testing.PublishedFigure> publishedFigures()
      throws IOException {
    return io.infer4j.runtime.testing.PublishedFigures.read(file("validation/published.csv"));
  }

  /** {@code models/<name>}, skipping (or failing on CI) when absent. */
  public static Path model(String name) {
    return require(root().resolve("models").resolve(name));
  }

  /** {@code golden/<relative>}, skipping (or failing on CI) when absent. */
  public static Path golden(String relative) {
    return require(root().resolve("golden").resolve(relative));
  }

  /** A golden file's text. */
  public static String goldenText(String relative) {
    try {
      return Files.readString(golden(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A golden {@code .ids.txt} file: whitespace-separated ids. */
  public static int[] goldenIds(String relative) {
    return Arrays.stream(goldenText(relative).trim().split("\\s+"))
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  private static Path require(Path path) {
    if (!Files.exists(path)) {
      String message = "shared file " + path.toAbsolutePath() + " is absent";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + " (CI=true, so this is a failure)");
      }
      assumeTrue(false, message + "; skipping");
    }
    return path;
  }
}
