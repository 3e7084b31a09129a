package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The llama-server captures in {@code ../shared/golden/server} (next to the repository). When they
 * are absent a test that reads them is skipped, unless env {@code CI=true}, where it fails: the
 * rule of model-runtime's {@code SharedFiles}, which this module cannot use (its tests compile for
 * Java 17, that test-jar for a newer release).
 */
final class Golden {

  private Golden() {}

  static Path dir() {
    Path module = Path.of(System.getProperty("user.dir"));
    for (Path p : new Path[] {
        module.resolve("../../shared/golden/server"), module.resolve("../shared/golden/server")}) {
      if (Files.isDirectory(p)) {
        return p.normalize();
      }
    }
    String message = "shared/golden/server not found beside the repository";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " (CI=true, so this is a failure)");
    }
    assumeTrue(false, message + "; skipping");
    return null;
  }

  static String read(String name) {
    try {
      return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
