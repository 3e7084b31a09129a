package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The llama-server captures in {@code ../shared/golden/server} (next to the repository). */
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
    assumeTrue(false, "shared/golden/server not found beside the repository");
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
