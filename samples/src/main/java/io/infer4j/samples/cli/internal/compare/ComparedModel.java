package io.infer4j.samples.cli.internal.compare;

import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.ModelSources;
import io.infer4j.runtime.shape.ModelCatalog;
import io.infer4j.runtime.shape.ModelShape;
import io.infer4j.samples.cli.internal.ModelFiles;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@code compare} compares: the model that really runs in-process (it writes the text and
 * gives the measured figures) and the shape the timing models simulate.
 *
 * <p>The model named is either one that can run (a file, an {@code hf:} reference, or {@value
 * ModelSources#EMBEDDED}, the embedded default), and then the simulated platforms run its own
 * shape, or a catalog model given by shape only ({@code llama-3.1-8b}), and then the embedded
 * model writes the text while the simulated platforms run the catalog shape.
 *
 * @param runFile the file the in-process backend loads
 * @param runPrecision how that file stores its weights ({@code q8_0}, {@code f32})
 * @param shape the shape the timing models simulate
 * @param sameModel whether {@code shape} is {@code runFile}'s own, so the measured in-process
 *     figures and the simulated ones are for the same model
 */
public record ComparedModel(Path runFile, String runPrecision, ModelShape shape, boolean sameModel) {

  public ComparedModel {
    Objects.requireNonNull(runFile, "runFile");
    Objects.requireNonNull(runPrecision, "runPrecision");
    Objects.requireNonNull(shape, "shape");
  }

  /**
   * Resolves the model to compare (downloading an {@code hf:} reference once into the cache).
   *
   * @param model a file, an {@code hf:} reference, the embedded model's id or a catalog name
   * @param tokenizer a llama2.c checkpoint's tokenizer, or {@code null}
   * @throws ModelNotFoundException if {@code model} is none of these; the message lists the catalog
   * @throws io.infer4j.InvalidConfigurationException naming {@code --tokenizer} when a llama2.c
   *     checkpoint has no tokenizer
   * @throws io.infer4j.ModelFormatException if the file cannot be read as a model
   */
  public static ComparedModel resolve(String model, Path tokenizer) {
    String name = model.strip();
    if (runnable(name)) {
      Path file = ModelSources.resolve(name);
      String label = name.equalsIgnoreCase(ModelSources.EMBEDDED)
          ? ModelSources.EMBEDDED : file.getFileName().toString();
      ModelFiles read = ModelFiles.read(file, tokenizer, label);
      return new ComparedModel(file, read.facts().weightType().name().toLowerCase(Locale.ROOT),
          read.shape(), true);
    }
    if (!ModelCatalog.contains(name)) {
      throw new ModelNotFoundException(name,
          "not a model file, an hf:OWNER/REPO/FILE reference, " + ModelSources.EMBEDDED
              + " (the embedded model) or a catalog model; catalog: "
              + String.join(", ", ModelCatalog.names()));
    }
    ComparedModel text = resolve(ModelSources.EMBEDDED, null);
    return new ComparedModel(text.runFile(), text.runPrecision(), ModelCatalog.get(name), false);
  }

  /** The file name of the model that runs, as responses and rows name it. */
  public String runName() {
    return runFile.getFileName().toString();
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
}
