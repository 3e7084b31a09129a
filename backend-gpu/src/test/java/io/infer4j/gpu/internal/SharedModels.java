package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The shared models and golden outputs: env {@code INFER4J_SHARED_DIR} (surefire sets it), else
 * {@code ../../shared}. A missing file skips the test, or fails it when env {@code CI=true}.
 */
final class SharedModels {
  private SharedModels() {}

  static Path root() {
    String env = System.getenv("INFER4J_SHARED_DIR");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of("../../shared");
  }

  static String model(String name) {
    return require(root().resolve("models").resolve(name)).toString();
  }

  static String goldenText(String relative) {
    try {
      return Files.readString(require(root().resolve("golden").resolve(relative)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int[] goldenIds(String relative) {
    return Arrays.stream(goldenText(relative).trim().split("\\s+"))
        .mapToInt(Integer::parseInt).toArray();
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
