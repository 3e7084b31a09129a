package io.infer4j.opentelemetry.internal;

import io.infer4j.spi.Settings;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a backend instance is, as the GenAI conventions name it: {@code gen_ai.provider.name},
 * and {@code server.address}/{@code server.port} where the configuration gives a URL. Resolved once
 * per instance name, then cached. Thread-safe. Not API.
 *
 * <p>In order: the application's resolver (when it answers); else the configuration's {@code
 * infer4j.backends.<instance>.type}, or the instance name itself without that key (as the SDK
 * resolves backends). A {@code remote} instance is named after its {@code preset}: {@code groq}
 * and {@code openai} (well-known values of v1.41.0), {@code nvidia.nim}, {@code vllm}, {@code
 * ollama}, {@code llama_cpp}; without a preset, {@code infer4j.remote}. Any other type {@code t}
 * (in-process {@code lpu}, {@code gpu}, {@code fake}, {@code router}, ...) gives {@code
 * infer4j.t}. An instance that the configuration does not know but is named like a preset
 * ({@code groq}) is taken for that preset.
 */
final class Origins {

  /** What a backend instance is; {@code serverAddress} null and {@code serverPort} -1 when unknown. */
  record Origin(String providerName, String serverAddress, int serverPort) {}

  private static final String PREFIX = "infer4j.backends.";

  /** backend-remote's preset names (io.infer4j.remote.Preset) and their provider names. */
  private static final Map<String, String> PRESETS = Map.of(
      "groq", "groq",
      "openai", "openai",
      "nvidia-nim", "nvidia.nim",
      "vllm", "vllm",
      "ollama", "ollama",
      "llamacpp", "llama_cpp");

  private final Settings settings;
  private final Function<String, String> resolver;
  private final Map<String, Origin> known = new ConcurrentHashMap<>();

  /**
   * @param resolver the application's: instance name to provider name, or null to use the
   *     configuration
   */
  Origins(Settings settings, Function<String, String> resolver) {
    this.settings = settings;
    this.resolver = resolver;
  }

  Origin of(String instance) {
    return known.computeIfAbsent(instance, this::resolve);
  }

  private Origin resolve(String instance) {
    Optional<String> type = setting(instance, "type").map(Origins::lower);
    boolean remote = type.map("remote"::equals).orElse(false)
        || (type.isEmpty() && (instance.equals("remote") || PRESETS.containsKey(instance)));
    String provider;
    if (remote) {
      String preset = setting(instance, "preset").map(Origins::lower).orElse(type.isEmpty() ? instance : "");
      provider = PRESETS.getOrDefault(preset, "infer4j.remote");
    } else {
      provider = "infer4j." + type.orElse(instance);
    }
    String given = resolver.apply(instance);
    if (given != null && !given.isBlank()) {
      provider = given;
    }
    return remote ? withServer(provider, setting(instance, "base-url")) : new Origin(provider, null, -1);
  }

  /** The host and port of a configured base URL; a preset's own URL is not known here. */
  private static Origin withServer(String provider, Optional<String> baseUrl) {
    try {
      URI uri = baseUrl.map(URI::create).orElse(null);
      if (uri != null && uri.getHost() != null) {
        int port = uri.getPort() != -1 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
        return new Origin(provider, uri.getHost(), port);
      }
    } catch (IllegalArgumentException malformed) {
      // the backend reports it when created; telemetry just leaves the address out
    }
    return new Origin(provider, null, -1);
  }

  private Optional<String> setting(String instance, String key) {
    try {
      return settings.get(PREFIX + instance + "." + key).map(String::trim).filter(v -> !v.isEmpty());
    } catch (RuntimeException unreadable) {
      return Optional.empty(); // a value MicroProfile Config cannot convert: telemetry goes on
    }
  }

  private static String lower(String value) {
    return value.toLowerCase(Locale.ROOT);
  }
}
