package io.infer4j.samples.cli;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
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
 * --tokenizer}, {@code --base-url}, {@code --api-key} and {@code --api-key-env} are the chosen
 * instance's keys of the same names ({@code infer4j.backends.<instance>.<key>}). They sit above
 * every other source (see {@link CliConfig}).
 */
final class BackendOptions {

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Backend instance to use (a provider such as fake, lpu, remote, or an instance"
          + " configured as infer4j.backends.NAME.type); overrides infer4j.backend.")
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

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Remote backends: endpoint base URL (the instance's base-url key).")
  String baseUrl;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "Remote backends: API key (the instance's api-key key); never printed."
          + " Prefer --api-key-env: other users can see command lines.")
  String apiKey;

  @Option(names = "--api-key-env", paramLabel = "VAR",
      description = "Remote backends: name of the environment variable holding the API key"
          + " (the instance's api-key-env key).")
  String apiKeyEnv;

  /**
   * Builds the configuration and creates the client it names. The caller owns the client.
   *
   * @throws io.infer4j.InvalidConfigurationException for a bad {@code --config} file, an unknown
   *     backend or a bad setting
   */
  InferenceClient openClient() {
    return InferenceClients.fromConfig(configuration());
  }

  /** The configuration with these flags on top. */
  Config configuration() {
    CliConfig cliConfig = CliConfig.load(config);
    String instance = backend;
    if (instance == null) {
      // The flags that name instance keys need the instance the other sources choose.
      instance = cliConfig.withFlags(Map.of())
          .getOptionalValue(InferenceClients.BACKEND_KEY, String.class)
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .orElse(null);
    }
    return cliConfig.withFlags(flagSettings(instance));
  }

  /** The full keys the flags set, for the given instance (or only global keys when null). */
  Map<String, String> flagSettings(String instance) {
    Map<String, String> keys = new LinkedHashMap<>();
    if (backend != null) {
      keys.put(InferenceClients.BACKEND_KEY, backend);
    }
    if (model != null) {
      keys.put(BackendConfig.MODEL_KEY, model);
    }
    if (instance != null) {
      String prefix = BackendConfig.BACKENDS_PREFIX + instance + ".";
      Optional.ofNullable(model).ifPresent(v -> keys.put(prefix + "model", v));
      Optional.ofNullable(tokenizer).ifPresent(v -> keys.put(prefix + "tokenizer", v));
      Optional.ofNullable(baseUrl).ifPresent(v -> keys.put(prefix + "base-url", v));
      Optional.ofNullable(apiKey).ifPresent(v -> keys.put(prefix + "api-key", v));
      Optional.ofNullable(apiKeyEnv).ifPresent(v -> keys.put(prefix + "api-key-env", v));
    }
    return keys;
  }
}
