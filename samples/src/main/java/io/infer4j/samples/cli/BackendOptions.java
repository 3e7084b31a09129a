package io.infer4j.samples.cli;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.spi.BackendConfig;
import io.infer4j.samples.cli.internal.CliConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import picocli.CommandLine.Option;

/**
 * The flags that choose and configure the backend, shared by every command that talks to one.
 * They become configuration, never request fields: {@code --backend} is {@code infer4j.backend};
 * {@code --model} is {@code infer4j.model} and the chosen instance's {@code model}; {@code
 * --tokenizer}, {@code --context-length}, {@code --kernels}, {@code --chat-template}, {@code
 * --base-url}, {@code --api-key} and {@code --api-key-env} are the chosen instance's keys of the
 * same names ({@code infer4j.backends.<instance>.<key>}). They sit above every other source (see
 * {@link CliConfig}).
 */
final class BackendOptions {

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Backend instance to use (a provider such as fake, lpu, gpu, remote, or an"
          + " instance configured as infer4j.backends.NAME.type); overrides infer4j.backend. One"
          + " of the two is required.")
  String backend;

  @Option(names = "--config", paramLabel = "FILE",
      description = "MicroProfile Config properties file; ranks above -D system properties,"
          + " INFER4J_* environment variables and META-INF/microprofile-config.properties.")
  Path config;

  @Option(names = "--model", paramLabel = "PATH|ID",
      description = "Model file or id (infer4j.model and the instance's model key).")
  String model;

  @Option(names = "--tokenizer", paramLabel = "PATH",
      description = "Tokenizer file (the instance's tokenizer key).")
  String tokenizer;

  @Option(names = "--context-length", paramLabel = "N",
      description = "In-process backends: positions per request (prompt and answer), instead of"
          + " the model file's (the instance's context-length key). More than the file says the"
          + " model was trained on is allowed, with one warning line on stderr; memory grows with"
          + " the positions used, not with N. 0: the file's.")
  Integer contextLength;

  @Option(names = "--kernels", paramLabel = "NAME",
      description = "In-process backends: the CPU kernels (the instance's kernels key): auto (the"
          + " default: ggml for files of block-quantized weights (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1,"
          + " K-quants), vector-int8 for float ones), ggml for"
          + " llama.cpp's own arithmetic and its greedy tokens, vector-int8 for faster prompts in"
          + " another float order, vector or reference.")
  String kernels;

  @Option(names = "--chat-template", paramLabel = "NAME|FILE",
      description = "In-process backends: the chat template of chat requests (chat, generate"
          + " --system) instead of the model file's: llama3, chatml, llama2, or a file holding a"
          + " Jinja chat template of one of those families (the instance's chat-template key)."
          + " Markers the model's vocabulary lacks are sent as plain text. Remote backends ignore"
          + " it: the server applies its own template.")
  String chatTemplate;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Remote backends: endpoint base URL (the instance's base-url key).")
  String baseUrl;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "Remote backends: API key (the instance's api-key key); never printed."
          + " Prefer --api-key-env: other users can see command lines.")
  String apiKey;

  @Option(names = "--api-key-env", paramLabel = "VAR",
      description = "Remote backends: name of the environment variable holding the API key"
          + " (the instance's api-key-env key); the name, such as GROQ_API_KEY, not the key.")
  String apiKeyEnv;

  /**
   * Builds the configuration and creates the client it names. The caller owns the client.
   *
   * @throws io.infer4j.InvalidConfigurationException for a bad {@code --config} file, an unknown
   *     backend or a bad setting; one about a key that a flag sets names the flag instead when
   *     that flag was given or the key is not set at all (see {@link #inFlagTerms})
   */
  InferenceClient openClient() {
    return open(false);
  }

  /**
   * As {@link #openClient()}, for a command that sends one request and ends ({@code generate},
   * {@code route}): each in-process instance ({@code lpu}, {@code gpu}) it may make, the chosen
   * one, a configured one or a router's member, whose {@code warm-up} is not configured gets none,
   * since the request warms the JIT as much as the throwaway runs would (with them, a one-shot
   * command on the embedded model took 0.97-3.0 s against 0.75-2.3 s; {@code route}, which runs
   * nothing, 2 s more).
   */
  InferenceClient openOneShotClient() {
    return open(true);
  }

  private InferenceClient open(boolean oneShot) {
    CliConfig cliConfig = CliConfig.load(config);
    String instance = instance(cliConfig);
    Map<String, String> flags = new LinkedHashMap<>(flagSettings(instance));
    if (oneShot) {
      Config configured = cliConfig.withFlags(flags);
      for (String name : instancesMade(configured, instance)) {
        String prefix = BackendConfig.BACKENDS_PREFIX + name + ".";
        String type = configured.getOptionalValue(prefix + "type", String.class).orElse(name);
        if (IN_PROCESS_TYPES.contains(type.trim())
            && configured.getOptionalValue(prefix + WARM_UP, String.class).isEmpty()) {
          flags.put(prefix + WARM_UP, "0s");
        }
      }
    }
    try {
      return InferenceClients.fromConfig(cliConfig.withFlags(flags));
    } catch (InvalidConfigurationException e) {
      throw inFlagTerms(e, instance);
    }
  }

  /**
   * The instances a client of {@code chosen} may make: it, every instance with a type key, and
   * the router's members ({@code infer4j.router.backends}).
   */
  private static java.util.Set<String> instancesMade(Config configured, String chosen) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    if (chosen != null) {
      names.add(chosen);
    }
    for (String key : configured.getPropertyNames()) {
      java.util.regex.Matcher m = INSTANCE_TYPE.matcher(key);
      if (m.matches()) {
        names.add(m.group(1));
      }
    }
    configured.getOptionalValue("infer4j.router.backends", String.class).ifPresent(list -> {
      for (String member : list.split(",")) {
        if (!member.isBlank()) {
          names.add(member.trim());
        }
      }
    });
    return names;
  }

  /** A configured instance's type key; group 1 is the instance's name. */
  static final java.util.regex.Pattern INSTANCE_TYPE = java.util.regex.Pattern.compile(
      java.util.regex.Pattern.quote(BackendConfig.BACKENDS_PREFIX) + "([^.]+)\\.type");

  /** The provider types that run a model in this JVM and read {@value #WARM_UP}. */
  private static final java.util.Set<String> IN_PROCESS_TYPES = java.util.Set.of("lpu", "gpu");

  /** The in-process backends' warm-up key ({@code ModelSettings.WARM_UP}). */
  static final String WARM_UP = "warm-up";

  /**
   * The model {@code config} gives backend instance {@code instance}: its {@code model} key, else
   * {@code infer4j.model}.
   */
  static Optional<String> model(Config config, String instance) {
    String key = BackendConfig.BACKENDS_PREFIX + instance + ".model";
    return config.getOptionalValue(key, String.class)
        .or(() -> config.getOptionalValue(BackendConfig.MODEL_KEY, String.class));
  }

  /** The configuration with these flags on top. */
  Config configuration() {
    CliConfig cliConfig = CliConfig.load(config);
    return cliConfig.withFlags(flagSettings(instance(cliConfig)));
  }

  /** The chosen instance: {@code --backend}, else the one the other sources choose, else null. */
  private String instance(CliConfig cliConfig) {
    if (backend != null) {
      return backend;
    }
    // The flags that name instance keys need the instance the other sources choose.
    return cliConfig.withFlags(Map.of())
        .getOptionalValue(InferenceClients.BACKEND_KEY, String.class)
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .orElse(null);
  }

  /**
   * The chosen instance's keys that flags set, each by the flag {@code --<key>}, with the flag's
   * value (null when not given).
   */
  private Map<String, String> instanceFlags() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("model", model);
    flags.put("tokenizer", tokenizer);
    flags.put("context-length", contextLength == null ? null : contextLength.toString());
    flags.put("kernels", kernels);
    flags.put("chat-template", chatTemplate);
    flags.put("base-url", baseUrl);
    flags.put("api-key", apiKey);
    flags.put("api-key-env", apiKeyEnv);
    return flags;
  }

  /**
   * The full keys the flags set, for the given instance (or only global keys when null).
   *
   * @throws InvalidConfigurationException naming {@code --context-length} when it is not positive
   *     (the key's 0, "the file's", is what leaving the flag out means)
   */
  Map<String, String> flagSettings(String instance) {
    checkContextLength("--context-length", contextLength);
    Map<String, String> keys = new LinkedHashMap<>();
    if (backend != null) {
      keys.put(InferenceClients.BACKEND_KEY, backend);
    }
    if (model != null) {
      keys.put(BackendConfig.MODEL_KEY, model);
    }
    if (instance != null) {
      String prefix = BackendConfig.BACKENDS_PREFIX + instance + ".";
      instanceFlags().forEach((key, value) -> {
        if (value != null) {
          keys.put(prefix + key, value);
        }
      });
    }
    return keys;
  }

  /**
   * Refuses a negative {@code value}; 0, as for the {@code context-length} key, means the model
   * file's context length.
   *
   * @throws InvalidConfigurationException naming {@code flag} when {@code value} is negative
   */
  static void checkContextLength(String flag, Integer value) {
    if (value != null && value < 0) {
      throw new InvalidConfigurationException(flag, value.toString(),
          "must be a positive number of positions, or 0 for the model file's context length");
    }
  }

  /**
   * The flag that sets {@code key} (a full key) for {@code instance}, if one does: {@code
   * --backend}, {@code --model}, or {@code --<key>} for an instance key in {@link #instanceFlags}.
   */
  Optional<String> flagFor(String key, String instance) {
    if (key.equals(InferenceClients.BACKEND_KEY)) {
      return Optional.of("--backend");
    }
    if (key.equals(BackendConfig.MODEL_KEY)) {
      return Optional.of("--model");
    }
    String prefix = instance == null ? null : BackendConfig.BACKENDS_PREFIX + instance + ".";
    if (prefix == null || !key.startsWith(prefix)) {
      return Optional.empty();
    }
    String name = key.substring(prefix.length());
    return instanceFlags().containsKey(name) ? Optional.of("--" + name) : Optional.empty();
  }

  /**
   * {@code e} restated with the flag that sets its key, so that a command-line user reads {@code
   * --tokenizer (not set)} rather than a configuration key: when the flag was given (its value is
   * the one at fault) or the key is not set anywhere (the flag is the way to set it). A key set
   * wrongly in a config file or a system property, or one no flag sets, is left as it is.
   */
  InvalidConfigurationException inFlagTerms(InvalidConfigurationException e, String instance) {
    Optional<String> flag = flagFor(e.key(), instance);
    if (flag.isEmpty()) {
      return e;
    }
    boolean given = flagSettings(instance).containsKey(e.key());
    if (!given && e.value() != null) {
      return e;
    }
    return new InvalidConfigurationException(flag.get(), e.value(), e.problem(), e);
  }
}
