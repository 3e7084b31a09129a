package io.infer4j.runtime.serving;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.ChatTemplate;
import io.infer4j.runtime.ChatTemplateChoice;
import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.ModelSources;
import io.infer4j.spi.BackendConfig;
import io.infer4j.runtime.serving.internal.ModelWarmUp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The model keys of an in-process backend instance ({@code infer4j.backends.<name>.<key>}):
 *
 * <ul>
 *   <li>{@value #MODEL}: the model file (GGUF or llama2.c {@code .bin}), a Hugging Face
 *       reference {@code hf:OWNER/REPO/FILE} (downloaded once into the model cache) or {@code
 *       stories260K}, the model embedded in infer4j; falls back to the global {@code
 *       infer4j.model}, then to the embedded model (see {@link ModelSources#EMBEDDED});
 *   <li>{@value #TOKENIZER}: the tokenizer file of a llama2.c checkpoint (default: {@code
 *       tokenizer.bin} next to it; GGUF files carry their own);
 *   <li>{@value #CONTEXT_LENGTH}: positions per request, overriding the file's (default 0: the
 *       file's), at most {@link ModelConfig#MAX_CONTEXT_LENGTH}; a request's memory grows with the
 *       positions it uses, not with this bound;
 *   <li>{@value #KERNELS}: {@code auto}, {@code ggml}, {@code vector-int8}, {@code vector} or
 *       {@code reference} (default {@code auto}: {@code ggml} for files with block-quantized
 *       matrices of the types it runs in vector lanes, {@code vector-int8} for files of float
 *       weights (or Q4_0 matrices of shapes llama.cpp does not repack), {@code reference}
 *       without the {@code jdk.incubator.vector} module, see {@link KernelMode#AUTO}); {@code ggml} follows
 *       llama.cpp's own arithmetic op by op for its tokens, see {@link KernelMode#GGML}; {@code
 *       vector-int8} multiplies block-quantized weights with int8-quantized activations as
 *       llama.cpp does but in its own float order, faster on prompts, see {@link
 *       KernelMode#VECTOR_INT8}; {@code vector} keeps float activations throughout;
 *   <li>{@value #CHAT_TEMPLATE}: the chat template of chat requests instead of the model file's:
 *       {@code llama3}, {@code chatml}, {@code llama2} or a file holding a Jinja chat template of
 *       one of those families (see {@link ChatTemplateChoice}; default: the file's);
 *   <li>{@value #WARM_UP}: the most time spent, when the backend is created, running throwaway
 *       generations so that the JIT compiler has compiled the kernels before the first request
 *       (default {@link #DEFAULT_WARM_UP}; {@code 0s} turns it off); it ends early once a run
 *       finds the compiler quiet. In a fresh JVM the embedded model's first request otherwise
 *       waited 650-750 ms for its first token with the Vector API kernels (a few ms warm).
 * </ul>
 *
 * @param model the model as configured (a path)
 * @param tokenizer the tokenizer file, or {@code null}
 * @param contextLength the context override, 0 for the file's
 * @param kernels the CPU kernels to run
 * @param chatTemplate the chosen chat template, or empty for the model file's
 * @param warmUp the most time {@link #load} spends warming the model up, zero for none
 */
public record ModelSettings(
    String model, Path tokenizer, int contextLength, KernelMode kernels,
    Optional<ChatTemplateChoice> chatTemplate, Duration warmUp) {
  private static final System.Logger LOG = System.getLogger("io.infer4j.runtime");

  /** Key of the model file. */
  public static final String MODEL = "model";
  /** Key of the llama2.c tokenizer file. */
  public static final String TOKENIZER = "tokenizer";
  /** Key of the context-length override. */
  public static final String CONTEXT_LENGTH = "context-length";
  /** Key of the kernel choice. */
  public static final String KERNELS = "kernels";
  /** Key of the chat template choice. */
  public static final String CHAT_TEMPLATE = "chat-template";
  /** Key of the warm-up time. */
  public static final String WARM_UP = "warm-up";
  /** The warm-up time when {@value #WARM_UP} is not set. */
  public static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(2);

  /**
   * Checks the settings.
   *
   * @throws NullPointerException if {@code model}, {@code kernels}, {@code chatTemplate} or
   *     {@code warmUp} is null
   * @throws IllegalArgumentException if {@code model} is blank, {@code contextLength} negative
   *     or above {@link ModelConfig#MAX_CONTEXT_LENGTH}, or {@code warmUp} negative
   */
  public ModelSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(kernels, "kernels");
    Objects.requireNonNull(chatTemplate, "chatTemplate");
    Objects.requireNonNull(warmUp, "warmUp");
    if (warmUp.isNegative()) {
      throw new IllegalArgumentException("warmUp must not be negative: " + warmUp);
    }
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (contextLength < 0) {
      throw new IllegalArgumentException("contextLength must be >= 0: " + contextLength);
    }
    if (contextLength > ModelConfig.MAX_CONTEXT_LENGTH) {
      throw new IllegalArgumentException(ModelConfig.tooLong("contextLength", contextLength));
    }
  }

  /**
   * Settings with the model file's chat template.
   *
   * @param model the model as configured (a path or a reference)
   * @param tokenizer the tokenizer file, or null for {@code tokenizer.bin} beside the model
   * @param contextLength the context override in positions, 0 for the file's
   * @param kernels the CPU kernels to run
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ModelSettings(String model, Path tokenizer, int contextLength, KernelMode kernels) {
    this(model, tokenizer, contextLength, kernels, Optional.empty());
  }

  /**
   * Settings with the default warm-up, {@link #DEFAULT_WARM_UP}.
   *
   * @param model the model as configured (a path or a reference)
   * @param tokenizer the tokenizer file, or null for {@code tokenizer.bin} beside the model
   * @param contextLength the context override in positions, 0 for the file's
   * @param kernels the CPU kernels to run
   * @param chatTemplate the chosen chat template, or empty for the model file's
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ModelSettings(String model, Path tokenizer, int contextLength, KernelMode kernels,
      Optional<ChatTemplateChoice> chatTemplate) {
    this(model, tokenizer, contextLength, kernels, chatTemplate, DEFAULT_WARM_UP);
  }

  /**
   * Reads the keys of one backend instance.
   *
   * @param config the instance's configuration
   * @return the settings; defaults for absent keys
   * @throws InvalidConfigurationException naming the full key when the context length is negative,
   *     above {@link ModelConfig#MAX_CONTEXT_LENGTH} or not a number, the kernels are unknown or unavailable, or the chat template is neither a
   *     known name nor a readable file of a known family
   */
  public static ModelSettings from(BackendConfig config) {
    String model = config.model().orElseGet(() -> {
      // Deliberate for a first run, a mistake in production (a misspelt key): say which it was.
      LOG.log(System.Logger.Level.INFO, "backend ''{0}'': no model configured ({1} or {2});"
          + " serving the embedded model {3}", config.instanceName(), config.fullKey(MODEL),
          BackendConfig.MODEL_KEY, ModelSources.EMBEDDED);
      return ModelSources.EMBEDDED;
    });
    Path tokenizer = config.get(TOKENIZER).map(Path::of).orElse(null);
    int context = config.getInt(CONTEXT_LENGTH, 0);
    if (context < 0) {
      throw new InvalidConfigurationException(
          config.fullKey(CONTEXT_LENGTH), String.valueOf(context),
          "must be >= 0 (0 = the model file's context length)");
    }
    if (context > ModelConfig.MAX_CONTEXT_LENGTH) {
      throw new InvalidConfigurationException(
          config.fullKey(CONTEXT_LENGTH), String.valueOf(context),
          "must be at most " + ModelConfig.MAX_CONTEXT_LENGTH + " positions, more than any model's"
              + " context (0 = the model file's context length)");
    }
    KernelMode kernels = config.get(KERNELS)
        .map(v -> parseKernels(config.fullKey(KERNELS), v))
        .orElseGet(KernelChoice::defaultMode);
    Optional<ChatTemplateChoice> chat = config.get(CHAT_TEMPLATE)
        .map(v -> ChatTemplateChoice.parse(config.fullKey(CHAT_TEMPLATE), v));
    Duration warmUp = config.getDuration(WARM_UP, DEFAULT_WARM_UP);
    return new ModelSettings(model, tokenizer, context, kernels, chat, warmUp);
  }

  private static KernelMode parseKernels(String key, String value) {
    KernelMode mode = switch (value.toLowerCase(Locale.ROOT)) {
      case "auto" -> KernelMode.AUTO;
      case "reference" -> KernelMode.REFERENCE;
      case "vector" -> KernelMode.VECTOR;
      case "vector-int8" -> KernelMode.VECTOR_INT8;
      case "ggml" -> KernelMode.GGML;
      default -> throw new InvalidConfigurationException(
          key, value, "expected 'auto', 'ggml', 'vector-int8', 'vector' or 'reference'");
    };
    // GGML keeps scalar forms of its kernels for JVMs without the module
    if ((mode == KernelMode.VECTOR || mode == KernelMode.VECTOR_INT8)
        && !KernelChoice.vectorAvailable()) {
      throw new InvalidConfigurationException(key, value,
          "the Vector API module is not present: run java with --add-modules "
              + KernelChoice.VECTOR_MODULE + ", or use 'auto', 'ggml' or 'reference'");
    }
    return mode;
  }

  /**
   * {@return the model file to load (a reference is downloaded into the cache first, if not there
   * yet)}
   *
   * @throws io.infer4j.ModelNotFoundException if the file does not exist or cannot be downloaded
   */
  public Path modelPath() {
    return ModelSources.resolve(model);
  }

  /**
   * Loads the model (memory-mapped), wraps it for serving and warms it up for at most {@link
   * #warmUp} ({@code ModelWarmUp}); the caller owns the result.
   *
   * @param backend the backend instance loading it, for errors
   * @return the serving model, open
   * @throws InvalidConfigurationException naming this instance's {@value #TOKENIZER} key when the
   *     model is a llama2.c checkpoint, no tokenizer is configured and there is no {@code
   *     tokenizer.bin} next to it
   * @throws io.infer4j.ModelNotFoundException if the model or tokenizer file does not exist
   * @throws io.infer4j.ModelFormatException if a file cannot be read
   * @throws BackendUnavailableException if the runtime's kernels cannot be loaded in this JVM
   * @throws InvalidConfigurationException naming the chat-template key if the chosen template
   *     needs special tokens the model's vocabulary does not mark as such
   */
  public ServingModel load(String backend) {
    return load(backend, SequenceEngine::cpu);
  }

  /**
   * As {@link #load(String)}, running the forward passes on the engine {@code engines} makes for
   * the loaded model (a GPU). If that fails, the model is closed and the failure propagates.
   *
   * @param backend the backend instance loading it, for errors
   * @param engines makes the engine for the loaded model
   * @return the serving model, open; it owns the model and the engine
   * @throws InvalidConfigurationException as {@link #load(String)}
   */
  public ServingModel load(String backend, java.util.function.Function<LlamaModel, SequenceEngine> engines) {
    ModelOptions options = ModelOptions.defaults()
        .withContextLength(contextLength)
        .withKernels(kernels);
    if (tokenizer != null) {
      options = options.withTokenizer(tokenizer);
    }
    Path path = modelPath();
    LlamaModel loaded;
    try {
      loaded = LlamaModel.load(path, options);
    } catch (ModelNotFoundException e) {
      throw inSettingTerms(e, path, options, backend);
    } catch (NoClassDefFoundError e) {
      // The kernels link against the Vector API; without the module they cannot load at all.
      throw new BackendUnavailableException(backend,
          "the model runtime's kernels need the Vector API module in this build: run java with"
              + " --add-modules " + KernelChoice.VECTOR_MODULE + " (" + e.getMessage() + ")",
          false, e);
    }
    if (kernels == KernelMode.AUTO) {
      LOG.log(System.Logger.Level.INFO, "backend ''{0}'': kernels auto: {1} for {2}", backend,
          loaded.kernels().name().toLowerCase(Locale.ROOT).replace('_', '-'), path.getFileName());
    }
    chatTemplate.ifPresent(c -> requireFits(backend, loaded, c));
    SequenceEngine engine;
    try {
      engine = java.util.Objects.requireNonNull(engines.apply(loaded), "engine");
    } catch (RuntimeException | Error e) {
      loaded.close();
      throw e;
    }
    String name = path.getFileName().toString();
    ServingModel serving = chatTemplate.map(c -> ServingModel.of(name, loaded, engine, c))
        .orElseGet(() -> ServingModel.of(name, loaded, engine));
    try {
      int runs = ModelWarmUp.run(serving, warmUp);
      LOG.log(System.Logger.Level.DEBUG, "backend ''{0}'': {1} warm-up runs", backend, runs);
    } catch (RuntimeException | Error e) {
      serving.close();
      throw e;
    }
    return serving;
  }

  /**
   * {@code e} as this instance's missing tokenizer key when it is about the default tokenizer of
   * a llama2.c checkpoint (none configured, none next to it): the loader names its Java option,
   * while what is missing here is a setting. Any other not-found failure (the model, or a
   * configured tokenizer) is returned as it is.
   */
  private static RuntimeException inSettingTerms(
      ModelNotFoundException e, Path model, ModelOptions options, String backend) {
    return options.missingDefaultTokenizer(e, model)
        .<RuntimeException>map(beside -> new InvalidConfigurationException(
            BackendConfig.BACKENDS_PREFIX + backend + "." + TOKENIZER, null,
            "the llama2.c checkpoint " + model + " needs the tokenizer file it was exported with,"
                + " and there is no " + beside.getFileName() + " next to it", e))
        .orElse(e);
  }

  /** A chosen chat template that cannot render for the model fails now, not at the first chat. */
  private static void requireFits(String backend, LlamaModel loaded, ChatTemplateChoice choice) {
    try {
      ChatTemplate.forModel(loaded, choice);
    } catch (ModelFormatException e) {
      loaded.close();
      throw new InvalidConfigurationException(
          BackendConfig.BACKENDS_PREFIX + backend + "." + CHAT_TEMPLATE, choice.source(),
          e.getMessage(), e);
    }
  }
}
