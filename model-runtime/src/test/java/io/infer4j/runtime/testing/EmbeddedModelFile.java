package io.infer4j.runtime.testing;

import io.infer4j.runtime.ModelCache;
import io.infer4j.runtime.ModelSources;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The model embedded in the jar as a file, for tests that need no shared file. */
public final class EmbeddedModelFile {
  private EmbeddedModelFile() {}

  /**
   * {@return the embedded model copied into a model cache under {@code dir}} The cache's Hub is
   * unreachable: resolving the embedded model never needs one.
   */
  public static Path in(Path dir) {
    return ModelSources.resolve(ModelSources.EMBEDDED,
        new ModelCache(dir.resolve("cache"), URI.create("http://127.0.0.1:9"), false,
            Duration.ofMillis(200)));
  }
}
