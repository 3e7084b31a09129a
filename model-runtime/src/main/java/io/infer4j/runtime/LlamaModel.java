package io.infer4j.runtime;

import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.internal.ggml.Int8Matmul;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.io.MappedFile;
import io.infer4j.runtime.internal.kernels.Kernels;
import io.infer4j.runtime.internal.llama2c.Llama2cCheckpoint;
import io.infer4j.runtime.internal.model.GgufLlamaLoader;
import io.infer4j.runtime.internal.model.LlamaWeights;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tokenizer.GgufTokenizers;
import io.infer4j.runtime.serving.KernelChoice;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Llama-family model loaded from a GGUF file or a llama2.c checkpoint: its config, its tokenizer,
 * and memory-mapped weights (not copied). Start sequences with {@link #newSession()}.
 *
 * <p>Thread-safe: many sessions may run at once, each on its own thread. The model owns the mapped
 * files; {@link #close()} unmaps them, after which sessions fail with {@link
 * IllegalStateException}. Close it only when no session is running.
 */
public final class LlamaModel implements AutoCloseable {
  /**
   * Where the one warning about a context above the trained length goes ({@link
   * ModelOptions#contextLength}); a logger of its own, so a command line can show it alone.
   */
  public static final String CONTEXT_WARNINGS = "io.infer4j.runtime.context";

  private static final System.Logger CONTEXT_LOG = System.getLogger(CONTEXT_WARNINGS);

  private final Path path;
  private final ModelFormat format;
  private final ModelConfig config;
  private final LlamaWeights weights;
  private final Tokenizer tokenizer;
  private final List<Runnable> resources;
  private final Kernels kernels;
  private final KernelMode kernelMode;
  private final String chatTemplate;

  private LlamaModel(
      Path path,
      ModelFormat format,
      ModelConfig config,
      LlamaWeights weights,
      Tokenizer tokenizer,
      List<Runnable> resources,
      KernelMode requested,
      String chatTemplate) {
    this.chatTemplate = chatTemplate;
    this.path = path;
    this.format = format;
    this.config = config;
    this.tokenizer = tokenizer;
    KernelMode kernelMode = concrete(requested, weights);
    this.kernelMode = kernelMode;
    if (kernelMode == KernelMode.VECTOR_INT8 || kernelMode == KernelMode.GGML) {
      // the int8 kernels' regrouped copies of the weights: off-heap, freed by close
      Arena layouts = Arena.ofShared();
      try {
        // GGML reads them in ggml's order
        this.weights = Int8Matmul.prepare(weights, layouts, kernelMode == KernelMode.GGML);
      } catch (RuntimeException | Error e) {
        layouts.close();
        throw e;
      }
      List<Runnable> all = new ArrayList<>(resources);
      all.add(() -> {
        if (layouts.scope().isAlive()) { // close() is idempotent; an arena's close is not
          layouts.close();
        }
      });
      this.resources = List.copyOf(all);
    } else {
      this.weights = weights;
      this.resources = resources;
    }
    this.kernels = switch (kernelMode) {
      case REFERENCE, GGML -> Kernels.reference(); // GGML runs its own arithmetic, see newSession
      case VECTOR -> Kernels.vector();
      case VECTOR_INT8 -> new Kernels(new Int8Matmul(), Kernels.vector().vectorOps());
      case AUTO -> throw new AssertionError("made concrete above");
    };
  }

  /**
   * {@code requested}, or for {@link KernelMode#AUTO} the kernels it stands for with these
   * weights: {@link KernelMode#GGML} if a matrix is block-quantized and every block-quantized one
   * is of a type {@code GGML} multiplies in vector lanes (Q8_0, Q4_1, Q5_0, Q5_1, the K-quants,
   * Q4_0 of the shapes llama.cpp repacks), else {@link KernelMode#VECTOR_INT8} (float files, and
   * files with Q4_0 matrices of other shapes, which {@code GGML} reads in the file's layout about
   * 10x more slowly); {@link KernelMode#REFERENCE} without the Vector API module.
   */
  private static KernelMode concrete(KernelMode requested, LlamaWeights weights) {
    if (requested != KernelMode.AUTO) {
      return requested;
    }
    if (!KernelChoice.vectorAvailable()) {
      return KernelMode.REFERENCE;
    }
    List<TensorView> quantized = weights.matrices().stream()
        .filter(m -> m.type().blockSize() > 1).toList();
    boolean ggml = !quantized.isEmpty()
        && quantized.stream().noneMatch(Int8Matmul::ggmlKeepsFileLayout);
    return ggml ? KernelMode.GGML : KernelMode.VECTOR_INT8;
  }

  /** {@return the kernels this model's sessions run: the chosen ones, never {@link KernelMode#AUTO}} */
  public KernelMode kernels() {
    return kernelMode;
  }

  /**
   * Loads {@code path} with default options; see {@link #load(Path, ModelOptions)}.
   *
   * @param path a GGUF file or a llama2.c checkpoint
   * @return the loaded model, memory-mapped; the caller closes it
   * @throws ModelNotFoundException as {@link #load(Path, ModelOptions)}
   * @throws ModelFormatException as {@link #load(Path, ModelOptions)}
   */
  public static LlamaModel load(Path path) {
    return load(path, ModelOptions.defaults());
  }

  /**
   * Loads a model: GGUF if the name ends with {@code .gguf} or the file starts with the GGUF magic,
   * else a llama2.c checkpoint, whose tokenizer file is read after its header and size are
   * checked.
   *
   * @param path a GGUF file or a llama2.c checkpoint
   * @param options the tokenizer file, context length and kernels
   * @return the loaded model, memory-mapped; the caller closes it
   * @throws ModelNotFoundException if the model or its tokenizer file does not exist; its {@link
   *     ModelNotFoundException#model() model()} is the missing file's path
   * @throws ModelFormatException naming the file and the problem if it cannot be read: a file that
   *     is neither format starts "not a GGUF or llama2.c model file"; a llama2.c tokenizer that
   *     holds another number of tokens than the checkpoint's vocabulary gives both sizes; a model
   *     or tokenizer path that is not a regular file says what it is ("is a directory", "is a
   *     named pipe (FIFO)", ...), at once, without opening it
   */
  public static LlamaModel load(Path path, ModelOptions options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    RegularFile.require(path); // before reading the magic: opening a named pipe would block
    boolean gguf = path.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gguf");
    return gguf || hasGgufMagic(path) ? loadGguf(path, options) : loadLlama2c(path, options);
  }

  private static boolean hasGgufMagic(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 'G'
          && magic[1] == 'G'
          && magic[2] == 'U'
          && magic[3] == 'F';
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ModelNotFoundException(path.toString(), "model file not found: " + path);
    } catch (IOException e) {
      throw new ModelFormatException(path.toString(), "cannot read the file: " + e, e);
    }
  }

  private static LlamaModel loadGguf(Path path, ModelOptions options) {
    GgufFile file = GgufFile.open(path);
    try {
      ModelConfig config = GgufLlamaLoader.config(file, options.contextLength());
      warnAboveTrained(path, options.contextLength(), GgufLlamaLoader.trainedContext(file),
          GgufLlamaLoader.contextLengthKey(file));
      LlamaWeights weights = GgufLlamaLoader.weights(file, config);
      Tokenizer tokenizer = GgufTokenizers.read(file.metadata(), path.toString());
      return new LlamaModel(
          path,
          ModelFormat.GGUF,
          config,
          weights,
          tokenizer,
          List.of(file::close),
          options.kernels(),
          file.metadata().getString("tokenizer.chat_template", null));
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private static LlamaModel loadLlama2c(Path path, ModelOptions options) {
    MappedFile model = MappedFile.open(path);
    try {
      Llama2cCheckpoint checkpoint = Llama2cCheckpoint.read(model);
      ModelConfig config = checkpoint.config();
      if (options.contextLength() > 0) {
        warnAboveTrained(path, options.contextLength(), config.contextLength(), "seq_len");
        config = config.withContextLength(options.contextLength());
      }
      Tokenizer tokenizer = llama2cTokenizer(path, options, config.vocabSize());
      return new LlamaModel(
          path,
          ModelFormat.LLAMA2C,
          config,
          checkpoint.weights(),
          tokenizer,
          List.of(model::close),
          options.kernels(),
          null);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * One warning line when the caller asks for more positions than the file says the model was
   * trained on, as llama.cpp warns "n_ctx_per_seq (512) > n_ctx_train (128) -- possible training
   * context overflow": allowed (RoPE has no hard limit, and some files understate it: the
   * stories260K GGUF files say 128 for a model trained at 512), but past that length the text may
   * lose coherence. Nothing when no override was given or the file does not say ({@code trained}
   * 0).
   */
  private static void warnAboveTrained(Path path, int requested, int trained, String key) {
    if (trained > 0 && requested > trained) {
      CONTEXT_LOG.log(System.Logger.Level.WARNING, "{0}: context length {1} is above the {2}"
          + " positions the file says the model was trained on ({3}); text past {2} positions may"
          + " lose coherence",
          path.getFileName(), Integer.toString(requested), Integer.toString(trained), key);
    }
  }

  private static Tokenizer llama2cTokenizer(Path model, ModelOptions options, int vocabSize) {
    Path path = options.tokenizerFor(model);
    if (!Files.exists(path)) {
      // A tokenizer that was given is the caller's to fix; only the default needs explaining.
      String why = options.tokenizerFile().isPresent()
          ? ""
          : " (a llama2.c checkpoint needs the tokenizer it was exported with; none was given,"
              + " so " + path.getFileName() + " next to it was tried: pass"
              + " ModelOptions.withTokenizer)";
      throw new ModelNotFoundException(path.toString(), "tokenizer file not found: " + path + why);
    }
    try {
      return Tokenizers.fromLlama2c(path, vocabSize);
    } catch (ModelFormatException e) {
      if (options.tokenizerFile().isPresent()) {
        throw e;
      }
      // the default was another model's tokenizer (tokenizer.bin beside stories260K.bin is the
      // 32,000-token one of the larger checkpoints): say that it was a default, and how to choose
      throw new ModelFormatException(e.source(), e.problem() + " (no tokenizer was given, so "
          + path.getFileName() + " next to the checkpoint was tried; give the checkpoint's own:"
          + " ModelOptions.withTokenizer, an in-process backend's tokenizer key, or --tokenizer on"
          + " the command line)", e);
    }
  }

  /** {@return the model file} */
  public Path path() {
    return path;
  }

  /** {@return the format it was read from} */
  public ModelFormat format() {
    return format;
  }

  /** {@return the model's shape, with the context length in effect} */
  public ModelConfig config() {
    return config;
  }

  /** {@return the model's tokenizer} */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * {@return the Jinja chat template the file carries ({@code tokenizer.chat_template}), if any; llama2.c
   * checkpoints carry none} {@link ChatTemplate#forModel} recognises the common ones.
   */
  public Optional<String> chatTemplateText() {
    return Optional.ofNullable(chatTemplate);
  }

  /** {@return a new sequence at position 0, with its own KV cache, run by the chosen kernels} */
  public Session newSession() {
    if (kernelMode == KernelMode.GGML) {
      return new Session(path.getFileName().toString(), config, weights);
    }
    return new Session(
        path.getFileName().toString(), config, weights, kernels, kernels != Kernels.reference());
  }

  /** Unmaps the weights and frees what was built from them at load. Idempotent. */
  @Override
  public void close() {
    resources.forEach(Runnable::run);
  }

  @Override
  public String toString() {
    return "LlamaModel[" + path.getFileName() + ", " + format + ", " + config + "]";
  }
}
