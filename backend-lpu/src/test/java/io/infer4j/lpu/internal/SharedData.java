package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.shape.PublishedFigure;
import io.infer4j.runtime.shape.PublishedFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Files of the shared data folder: env {@code INFER4J_SHARED_DIR} (surefire sets it), else {@code
 * ../../shared}. A missing file skips the test, or fails it when env {@code CI=true}. (backend-gpu
 * has the same small helper: the two test trees share no jar.)
 */
public final class SharedData {
  private SharedData() {}

  /** {@code <shared>/<relative>}, which must exist. */
  public static Path file(String relative) {
    String env = System.getenv("INFER4J_SHARED_DIR");
    Path root = env == null || env.isBlank() ? Path.of("../../shared") : Path.of(env);
    Path path = root.resolve(relative);
    String absent = "shared file " + path.toAbsolutePath() + " is absent (set INFER4J_SHARED_DIR)";
    assertFalse(!Files.exists(path) && "true".equalsIgnoreCase(System.getenv("CI")), absent);
    assumeTrue(Files.exists(path), absent);
    return path;
  }

  /** {@code models/<name>}, as a path string. */
  public static String model(String name) {
    return file("models/" + name).toString();
  }

  /** The text of {@code golden/<relative>}. */
  public static String goldenText(String relative) {
    try {
      return Files.readString(file("golden/" + relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Token ids in a golden {@code .ids.txt} file (whitespace-separated). */
  public static int goldenIdCount(String relative) {
    return goldenText(relative).trim().split("\\s+").length;
  }

  /** The rows of {@code validation/published.csv}. */
  public static List<PublishedFigure> publishedFigures() throws IOException {
    return PublishedFigures.read(file("validation/published.csv"));
  }
}
