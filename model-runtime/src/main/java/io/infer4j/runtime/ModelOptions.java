package io.infer4j.runtime;

import io.infer4j.ModelNotFoundException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to load a model.
 *
 * @param tokenizer the tokenizer file for a llama2.c checkpoint (ignored for GGUF, which carries
 *     its vocabulary); null to look for {@code tokenizer.bin} next to the checkpoint
 * @param contextLength positions per session, overriding the file's value; 0 to use the file's (the
 *     stories260K GGUF files say 128 though the model was trained at 512); at most {@link
 *     ModelConfig#MAX_CONTEXT_LENGTH}. A session's memory grows with the positions it uses, not
 *     with this bound
 * @param kernels the CPU kernels sessions run
 */
public record ModelOptions(Path tokenizer, int contextLength, KernelMode kernels) {

  /**
   * Checks the options.
   *
   * @throws NullPointerException if {@code kernels} is null
   * @throws IllegalArgumentException if {@code contextLength} is negative or above {@link
   *     ModelConfig#MAX_CONTEXT_LENGTH}
   */
  public ModelOptions {
    if (contextLength < 0) {
      throw new IllegalArgumentException("contextLength must be >= 0: " + contextLength);
    }
    if (contextLength > ModelConfig.MAX_CONTEXT_LENGTH) {
      throw new IllegalArgumentException(ModelConfig.tooLong("contextLength", contextLength));
    }
    Objects.requireNonNull(kernels, "kernels");
  }

  /** {@return no tokenizer file given, the file's context length, the reference kernels} */
  public static ModelOptions defaults() {
    return new ModelOptions(null, 0, KernelMode.REFERENCE);
  }

  /**
   * {@return these options with {@code tokenizer} as the llama2.c tokenizer file}
   *
   * @param tokenizer the tokenizer file; null to look for {@code tokenizer.bin} next to the
   *     checkpoint
   */
  public ModelOptions withTokenizer(Path tokenizer) {
    return new ModelOptions(tokenizer, contextLength, kernels);
  }

  /**
   * {@return these options with the context length overridden}
   *
   * @param contextLength positions per session, 0 to use the file's, at most {@link
   *     ModelConfig#MAX_CONTEXT_LENGTH}
   * @throws IllegalArgumentException if {@code contextLength} is out of range
   */
  public ModelOptions withContextLength(int contextLength) {
    return new ModelOptions(tokenizer, contextLength, kernels);
  }

  /**
   * {@return these options with other kernels}
   *
   * @param kernels the CPU kernels sessions run; not null
   */
  public ModelOptions withKernels(KernelMode kernels) {
    return new ModelOptions(tokenizer, contextLength, kernels);
  }

  /** {@return the tokenizer file, if one was given} */
  public Optional<Path> tokenizerFile() {
    return Optional.ofNullable(tokenizer);
  }

  /**
   * {@return the tokenizer file {@link LlamaModel#load} reads for the llama2.c checkpoint {@code model}:
   * the one given, else {@code tokenizer.bin} next to the checkpoint} Neither need exist.
   *
   * @param model the llama2.c checkpoint file
   */
  public Path tokenizerFor(Path model) {
    return tokenizerFile().orElseGet(() -> model.resolveSibling("tokenizer.bin"));
  }

  /**
   * {@return the default tokenizer file, if {@code e} (thrown by {@link LlamaModel#load} of {@code model}
   * with these options) is about it: no tokenizer was given and there is no {@code tokenizer.bin}
   * next to the llama2.c checkpoint} The loader's message then names {@link #withTokenizer}; a
   * layer that takes the tokenizer under another name (a setting, a command-line flag) can name
   * that one instead.
   *
   * @param e the failure of {@link LlamaModel#load}
   * @param model the checkpoint that was loaded
   */
  public Optional<Path> missingDefaultTokenizer(ModelNotFoundException e, Path model) {
    Path beside = tokenizerFor(model);
    boolean aboutIt = tokenizer == null && !beside.equals(model)
        && e.model().equals(beside.toString());
    return aboutIt ? Optional.of(beside) : Optional.empty();
  }
}
