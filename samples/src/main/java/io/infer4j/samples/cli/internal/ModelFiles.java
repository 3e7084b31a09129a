package io.infer4j.samples.cli.internal;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.serving.ModelFacts;
import io.infer4j.runtime.shape.ModelShape;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the command line reads from a model file's header for the timing models: its shape and how
 * it stores its weights. The file is memory-mapped and closed again; no weight is read.
 *
 * @param shape the shape, named {@code label}
 * @param facts the weight type and whether the classifier shares the embedding
 */
public record ModelFiles(ModelShape shape, ModelFacts facts) {

  public ModelFiles {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(facts, "facts");
  }

  /**
   * Reads {@code file}'s header.
   *
   * @param tokenizer a llama2.c checkpoint's tokenizer ({@code --tokenizer}), or {@code null}
   * @param label the name the shape carries
   * @throws InvalidConfigurationException naming {@code --tokenizer} when a llama2.c checkpoint has
   *     none given and no {@code tokenizer.bin} beside it
   * @throws io.infer4j.ModelFormatException if the file is not a readable model
   */
  public static ModelFiles read(Path file, Path tokenizer, String label) {
    ModelOptions options =
        tokenizer == null ? ModelOptions.defaults() : ModelOptions.defaults().withTokenizer(tokenizer);
    try (LlamaModel loaded = LlamaModel.load(file, options)) {
      ModelFacts facts = ModelFacts.of(loaded);
      return new ModelFiles(ModelShape.of(label, loaded.config(), facts.tiedEmbeddings()), facts);
    } catch (ModelNotFoundException e) {
      // the loader names its Java option; on the command line the tokenizer is --tokenizer
      throw options.missingDefaultTokenizer(e, file)
          .<RuntimeException>map(beside -> new InvalidConfigurationException("--tokenizer", null,
              "the llama2.c checkpoint " + file + " needs the tokenizer file it was exported with,"
                  + " and there is no " + beside.getFileName() + " next to it", e))
          .orElse(e);
    }
  }
}
