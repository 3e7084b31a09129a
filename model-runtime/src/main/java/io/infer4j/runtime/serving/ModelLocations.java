package io.infer4j.runtime.serving;

import io.infer4j.runtime.ModelSources;
import java.nio.file.Path;

/** Turns a configured model reference into a file. */
final class ModelLocations {
  private ModelLocations() {}

  /**
   * A file path as is, or a Hugging Face reference ({@code hf:OWNER/REPO/FILE}) downloaded once
   * into the model cache ({@link ModelSources#resolve(String)}).
   */
  static Path resolve(String model) {
    return ModelSources.resolve(model);
  }
}
