package io.infer4j.samples.cli.internal.compare;

import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.ModelSources;
import io.infer4j.runtime.serving.ModelFacts;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.runtime.shape.ModelShape;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code compare} compares: the model that really runs in-process (it writes the text and
 * gives the measured figures) and the shape the timing models simulate.
 *
 * <p>{@code --model} names either a model that can run (a file, an {@code hf:} reference, or
 * {@value ModelSources#EMBEDDED}, the embedded default) — then the simulated platforms run its
 * own shape — or a catalog model given by shape only ({@code llama-3.1-8b}) — then the embedded
 * model writes the text and the simulated platforms run the catalog shape.
 *
 * @param runModel what the in-process backend loads (a path, or the embedded model's id)
 * @param runFile the resolved file of {@code runModel}
 * @param runPrecision how {@code runModel} stores its weights ({@code q8_0}, {@code f32})
 * @param shape the shape the timing models simulate
 * @param sameModel whether {@code shape} is {@code runModel}'s own shape, so the measured
 *     in-process figures and the simulated ones are for the same model
 */
public record ComparedModel(
    String runModel, Path runFile, String runPrecision, ModelShape shape, boolean sameModel) {

  public ComparedModel {
    Objects.requireNonNull(runModel, "runModel");
    Objects.requireNonNull(runFile, "runFile");
    Objects.requireNonNull(runPrecision, "runPrecision");
    Objects.requireNonNull(shape, "shape");
  }

  /**
   * Resolves {@code --model} (downloading an {@code hf:} reference once into the cache).
   *
   * @param model a file, an {@code hf:} reference, the embedded model's id or a catalog name;
   *     {@code null} for the embedded model
   * @param tokenizer a llama2.c checkpoint's tokenizer, or {@code null}
   * @throws ModelNotFoundException if {@code model} is none of these; the message lists the catalog
   * @throws io.infer4j.ModelFormatException if the file cannot be read as a model
   */
  public static ComparedModel resolve(String model, Path tokenizer) {
    String name = model == null ? ModelSources.EMBEDDED : model.strip();
    if (runnable(name)) {
      Path file = ModelSources.resolve(name);
      try (LlamaModel loaded = load(file, tokenizer)) { // memory-mapped: only headers are read
        ModelFacts facts = ModelFacts.of(loaded);
        ModelShape shape = ModelShape.of(shapeName(name, file), loaded.config(), facts.tiedEmbeddings());
        return new ComparedModel(name, file, precisionOf(facts), shape, true);
      }
    }
    if (!ModelCatalog.contains(name)) {
      throw new ModelNotFoundException(name,
          "not a model file, an hf:OWNER/REPO/FILE reference, " + ModelSources.EMBEDDED
              + " (the embedded model) or a catalog model; catalog: "
              + String.join(", ", ModelCatalog.names()));
    }
    ComparedModel text = resolve(ModelSources.EMBEDDED, null);
    return new ComparedModel(text.runModel(), text.runFile(), text.runPrecision(),
        ModelCatalog.get(name), false);
  }

  /** Whether {@code name} can be loaded and run, as opposed to a catalog shape. */
  private static boolean runnable(String name) {
    if (name.startsWith("hf:") || name.equalsIgnoreCase(ModelSources.EMBEDDED)) {
      return true;
    }
    try {
      return Files.isRegularFile(Path.of(name));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static LlamaModel load(Path file, Path tokenizer) {
    ModelOptions options = ModelOptions.defaults();
    return LlamaModel.load(file, tokenizer == null ? options : options.withTokenizer(tokenizer));
  }

  private static String shapeName(String name, Path file) {
    return name.equalsIgnoreCase(ModelSources.EMBEDDED) ? ModelSources.EMBEDDED : file.getFileName().toString();
  }

  private static String precisionOf(ModelFacts facts) {
    return facts.weightType().name().toLowerCase(Locale.ROOT);
  }
}
