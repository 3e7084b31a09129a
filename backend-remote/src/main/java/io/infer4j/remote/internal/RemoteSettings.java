package io.infer4j.remote.internal;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.remote.Preset;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.VariableNames;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The validated settings of one remote backend instance (keys documented on {@link
 * io.infer4j.remote.internal.RemoteBackendProvider}). {@link #toString()} masks the key.
 *
 * @param instanceName the configured instance name, used in error messages
 * @param preset the service preset
 * @param endpoints base URLs of the replicas, at least one, each ending with {@code /}
 * @param apiKey the credential (may be absent for local servers)
 * @param model the default model, or {@code null} when requests must name one
 * @param embeddingModel the default model for embeddings, or {@code null} to use {@code model}
 * @param stream whether to request SSE streaming
 * @param includeUsage whether to ask for a final usage chunk ({@code stream_options})
 * @param connectTimeout longest TCP+TLS connect per attempt
 * @param stallTimeout longest silence on a streaming connection (before headers, between SSE
 *     events)
 * @param readTimeout longest wait for a whole non-streaming answer
 * @param firstTokenTimeout longest wait for the first streamed token, all attempts and backoff
 *     included, when the request has no latency budget
 * @param totalTimeout longest time for the whole answer, all attempts included, when the request
 *     has no total budget
 * @param maxRetries attempts after the first, {@code >= 0}
 * @param backoff first backoff wait, doubled per retry, with jitter
 * @param maxBackoff cap on one backoff wait
 * @param maxRetryAfter longest {@code Retry-After} honoured even when the budget would allow more
 * @param ejectAfter consecutive failures that take an endpoint out of rotation, {@code >= 1}
 * @param ejectFor how long an ejected endpoint stays out
 * @param keepAlive how long an idle connection stays in the pool for reuse
 * @param maxEventSize most bytes of one SSE event (its lines up to the blank line), {@code >= 1}
 * @param maxBytesPerToken bytes of response allowed per requested token, {@code >= 1}: a response
 *     may take {@code maxEventSize + maxTokens * maxBytesPerToken} bytes ({@link ResponseCaps})
 * @param served what the service serves beyond text: the {@code capabilities} key (a comma list
 *     of tools, structured-output, embeddings, images, audio; {@code none} for none), else the
 *     preset's ({@link Preset#capabilities()})
 * @param price the configured price ({@code price-input-per-million}, {@code
 *     price-output-per-million}, {@code price-cached-input-per-million}) of every model this
 *     instance serves, or {@code null} when none is configured (then the preset's list price, if
 *     any, {@link ListPrices})
 */
public record RemoteSettings(
    String instanceName,
    Preset preset,
    List<HttpUrl> endpoints,
    ApiKey apiKey,
    String model,
    String embeddingModel,
    boolean stream,
    boolean includeUsage,
    Duration connectTimeout,
    Duration stallTimeout,
    Duration readTimeout,
    Duration firstTokenTimeout,
    Duration totalTimeout,
    int maxRetries,
    Duration backoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    int ejectAfter,
    Duration ejectFor,
    Duration keepAlive,
    long maxEventSize,
    long maxBytesPerToken,
    java.util.Set<io.infer4j.spi.Capability> served,
    Price price) {

  /**
   * Default {@code stall-timeout}: a server sends its first bytes once the prompt is prefilled
   * (seconds, even for long prompts on a busy GPU) and then an event per token, so 30 s of silence
   * means it is stuck. Between OkHttp's default read timeout (10 s) and LangChain4j's for OpenAI
   * (60 s); openai-java and openai-python wait 10 min, which left a user staring at nothing.
   */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Default {@code first-token-timeout}: with no latency budget, a first token within 60 s or a
   * typed error: one stalled attempt and a retry, instead of three stalls (three minutes before).
   * Retries stop when it is spent.
   */
  public static final Duration DEFAULT_FIRST_TOKEN_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Default {@code total-timeout}: with no total budget, the whole answer within 10 min, the
   * per-request timeout of openai-java and openai-python and llama.cpp server's {@code --timeout}
   * (600 s); it ends a server that keeps a stream open with keep-alive comments and no tokens.
   */
  public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(10);

  /**
   * Default {@code keep-alive}: idle connections leave the pool before common servers close them,
   * so that a request is not sent on a connection the server is closing. Servers' idle timeouts:
   * uvicorn (vLLM, FastAPI) 5 s ({@code --timeout-keep-alive}), Node.js 5 s ({@code
   * server.keepAliveTimeout}), nginx 75 s ({@code keepalive_timeout}); 1 s below the shortest
   * covers the time the end of a response takes to arrive and the pool's eviction delay. A server
   * that closes sooner costs one fresh connection (see {@link HttpRemoteBackend}), not a failure.
   * OkHttp's own default is 5 min; reconnecting after 4 s idle costs a TCP (and TLS) handshake.
   */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(4);

  /**
   * Default {@code max-event-size}: an OpenAI-style chunk carrying one token is 150-450 bytes (id,
   * model, created, fingerprint; Groq's {@code x_groq} and a final usage chunk add a few hundred),
   * so 1 MiB is over 2,000 times the usual event, yet a server cannot make one event fill the
   * heap. okhttp-sse and the browser's EventSource set no limit; Spring WebFlux buffers at most
   * 256 KiB per SSE event ({@code spring.codec.max-in-memory-size}).
   */
  public static final long DEFAULT_MAX_EVENT_SIZE = 1L << 20;

  /**
   * Default {@code max-bytes-per-token}: one token's event is at most a few hundred bytes of JSON
   * (see {@link #DEFAULT_MAX_EVENT_SIZE}); a token's text is at most a few dozen bytes, 6 times
   * that when JSON escapes every byte (six bytes each). 4 KiB leaves room for a server's extra fields.
   */
  public static final long DEFAULT_MAX_BYTES_PER_TOKEN = 4L << 10;

  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  public RemoteSettings {
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(preset, "preset");
    served = served == null ? preset.capabilities() : java.util.Set.copyOf(served);
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint");
    }
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
    Objects.requireNonNull(totalTimeout, "totalTimeout");
    Objects.requireNonNull(keepAlive, "keepAlive");
    if (maxRetries < 0 || ejectAfter < 1) {
      throw new IllegalArgumentException("maxRetries >= 0 and ejectAfter >= 1");
    }
    if (maxEventSize < 1 || maxBytesPerToken < 1) {
      throw new IllegalArgumentException("maxEventSize >= 1 and maxBytesPerToken >= 1");
    }
  }

  /**
   * Reads and validates an instance's keys.
   *
   * @throws InvalidConfigurationException naming the full key; the api-key value is never quoted
   */
  public static RemoteSettings from(BackendConfig config) {
    Preset preset = config.get("preset")
        .map(v -> Preset.fromConfigName(config.fullKey("preset"), v))
        .orElse(Preset.CUSTOM);
    List<HttpUrl> endpoints = endpoints(config, preset);
    ApiKey key = apiKey(config);
    if (preset.requiresApiKey() && !key.isPresent()) {
      throw new InvalidConfigurationException(
          config.fullKey("api-key"), null, "required by preset " + preset.configName()
              + " (usually ${ENV_VAR}, e.g. ${GROQ_API_KEY})");
    }
    int maxRetries = config.getInt("max-retries", 2);
    if (maxRetries < 0 || maxRetries > 20) {
      throw new InvalidConfigurationException(
          config.fullKey("max-retries"), String.valueOf(maxRetries), "must be in [0, 20]");
    }
    int ejectAfter = config.getInt("eject-after", 3);
    if (ejectAfter < 1) {
      throw new InvalidConfigurationException(
          config.fullKey("eject-after"), String.valueOf(ejectAfter), "must be >= 1");
    }
    Duration stall = config.get("stall-timeout").isPresent()
        ? positive(config, "stall-timeout", DEFAULT_STALL_TIMEOUT)
        : positive(config, "read-timeout", DEFAULT_STALL_TIMEOUT);
    return new RemoteSettings(
        config.instanceName(),
        preset,
        endpoints,
        key,
        config.model().orElse(null),
        config.get("embedding-model").orElse(null),
        config.getBoolean("stream", true),
        config.getBoolean("include-usage", true),
        positive(config, "connect-timeout", Duration.ofSeconds(10)),
        stall,
        positive(config, "read-timeout", Duration.ofMinutes(10)),
        positive(config, "first-token-timeout", DEFAULT_FIRST_TOKEN_TIMEOUT),
        positive(config, "total-timeout", DEFAULT_TOTAL_TIMEOUT),
        maxRetries,
        config.getDuration("backoff", Duration.ofMillis(200)),
        config.getDuration("max-backoff", Duration.ofSeconds(5)),
        config.getDuration("max-retry-after", Duration.ofSeconds(30)),
        ejectAfter,
        config.getDuration("eject-for", Duration.ofSeconds(30)),
        positive(config, "keep-alive", DEFAULT_KEEP_ALIVE),
        size(config, "max-event-size", DEFAULT_MAX_EVENT_SIZE),
        size(config, "max-bytes-per-token", DEFAULT_MAX_BYTES_PER_TOKEN),
        served(config, preset),
        price(config));
  }

  /**
   * The configured price: {@code price-input-per-million} and {@code price-output-per-million}
   * together (USD per million tokens, decimals such as {@code 0.59}), {@code
   * price-cached-input-per-million} optional (default: the input price); none of them, none.
   */
  private static Price price(BackendConfig config) {
    Optional<BigDecimal> input = usdPerMillion(config, "price-input-per-million");
    Optional<BigDecimal> output = usdPerMillion(config, "price-output-per-million");
    Optional<BigDecimal> cached = usdPerMillion(config, "price-cached-input-per-million");
    if (input.isEmpty() && output.isEmpty() && cached.isEmpty()) {
      return null;
    }
    for (String key : List.of("price-input-per-million", "price-output-per-million")) {
      if (config.get(key).isEmpty()) {
        throw new InvalidConfigurationException(config.fullKey(key), null,
            "required with the other price keys: a price needs both the input and the output price"
                + " per million tokens");
      }
    }
    return new Price(input.get(), cached.orElse(input.get()), output.get(),
        "configured: " + config.fullKey("price-*-per-million"));
  }

  private static Optional<BigDecimal> usdPerMillion(BackendConfig config, String key) {
    return config.get(key).map(v -> {
      BigDecimal d;
      try {
        d = new BigDecimal(v.strip());
      } catch (NumberFormatException e) {
        d = null;
      }
      if (d == null || d.signum() < 0) {
        throw new InvalidConfigurationException(config.fullKey(key), v,
            "must be US dollars per million tokens, a decimal >= 0 such as 0.59");
      }
      return d;
    });
  }

  private static Duration positive(BackendConfig config, String key, Duration def) {
    Duration d = config.getDuration(key, def);
    if (d.isZero()) {
      throw new InvalidConfigurationException(config.fullKey(key), "0", "must be positive");
    }
    return d;
  }

  private static long size(BackendConfig config, String key, long def) {
    return config.get(key).map(v -> ByteSizes.parse(config.fullKey(key), v)).orElse(def);
  }

  /** The capabilities named by the {@code capabilities} key, else the preset's. */
  private static java.util.Set<io.infer4j.spi.Capability> served(BackendConfig config, Preset preset) {
    java.util.Optional<String> listed = config.get("capabilities");
    if (listed.isEmpty()) {
      return preset.capabilities();
    }
    java.util.Map<String, io.infer4j.spi.Capability> known = new java.util.LinkedHashMap<>();
    for (io.infer4j.spi.Capability c : List.of(io.infer4j.spi.Capability.TOOLS,
        io.infer4j.spi.Capability.STRUCTURED_OUTPUT, io.infer4j.spi.Capability.EMBEDDINGS,
        io.infer4j.spi.Capability.IMAGES, io.infer4j.spi.Capability.AUDIO)) {
      known.put(c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), c);
    }
    java.util.EnumSet<io.infer4j.spi.Capability> out = java.util.EnumSet.noneOf(io.infer4j.spi.Capability.class);
    String value = listed.get().strip();
    if (value.equalsIgnoreCase("none")) {
      return out;
    }
    for (String item : value.split(",")) {
      io.infer4j.spi.Capability c = known.get(item.strip().toLowerCase(java.util.Locale.ROOT));
      if (c == null) {
        throw new InvalidConfigurationException(config.fullKey("capabilities"), listed.get(),
            "unknown capability '" + item.strip() + "'; known: " + known.keySet() + " or none");
      }
      out.add(c);
    }
    return out;
  }

  private static List<HttpUrl> endpoints(BackendConfig config, Preset preset) {
    List<String> raw = config.getList("endpoints");
    String key = "endpoints";
    if (raw.isEmpty()) {
      key = "base-url";
      String single = config.get("base-url").orElse(preset.defaultBaseUrl());
      if (single == null) {
        throw new InvalidConfigurationException(
            config.fullKey("base-url"), null, "required without a preset (or set preset=groq|"
                + "nvidia-nim|openai|vllm|ollama|llamacpp)");
      }
      raw = List.of(single);
    }
    List<HttpUrl> urls = new ArrayList<>();
    for (String s : raw) {
      HttpUrl url = HttpUrl.parse(s);
      if (url == null) {
        throw new InvalidConfigurationException(
            config.fullKey(key), s, "not an http(s) URL such as https://api.groq.com/openai/v1");
      }
      if (!url.username().isEmpty() || !url.password().isEmpty()) {
        throw new InvalidConfigurationException(
            config.fullKey(key), url.newBuilder().username("").password("").build().toString(),
            "must not carry credentials; use api-key");
      }
      String path = url.encodedPath();
      urls.add(path.endsWith("/") ? url : url.newBuilder().encodedPath(path + "/").build());
    }
    return urls;
  }

  private static ApiKey apiKey(BackendConfig config) {
    String raw = config.get("api-key").orElse(null); // trimmed by BackendConfig
    if (raw == null) {
      // api-key-env names the environment variable that holds the key (what --api-key-env sets).
      return config.get("api-key-env")
          .map(variable -> fromVariable(config, variable))
          .orElse(ApiKey.none());
    }
    Matcher m = ENV_REFERENCE.matcher(raw);
    if (m.matches()) {
      // An unexpanded ${VAR} (no MicroProfile Config to expand it): read the environment.
      return fromEnvironment(config, "api-key", raw, m.group(1));
    }
    return ApiKey.of(raw);
  }

  /**
   * The key held by the environment variable {@code api-key-env} names. A value that is no
   * variable's name, or looks like a generated key and names no variable that is set, is taken to
   * be the key itself put in the wrong place: the error says so and does not show it.
   */
  private static ApiKey fromVariable(BackendConfig config, String variable) {
    if (!VariableNames.isName(variable)
        || (VariableNames.mayBeSecret(variable) && isUnset(System.getenv(variable)))) {
      throw new InvalidConfigurationException(config.fullKey("api-key-env"), ApiKey.MASK,
          "takes the NAME of an environment variable that holds the key (such as GROQ_API_KEY),"
              + " not the key itself; the value is not shown");
    }
    return fromEnvironment(config, "api-key-env", variable, variable);
  }

  private static boolean isUnset(String env) {
    return env == null || env.isBlank();
  }

  /**
   * The key held by environment variable {@code variable}.
   *
   * @param key the setting that named the variable, and {@code value} its value, for the error
   */
  private static ApiKey fromEnvironment(BackendConfig config, String key, String value, String variable) {
    String env = System.getenv(variable);
    if (isUnset(env)) {
      throw new InvalidConfigurationException(
          config.fullKey(key), value, "environment variable " + variable + " is not set");
    }
    return ApiKey.of(env);
  }

  /**
   * The price of an answer from {@code requested} (the model asked for) that names itself {@code
   * served}: the configured one, else the preset's list price of either ({@link ListPrices}),
   * else none.
   */
  Optional<Price> priceFor(String requested, String served) {
    return price != null ? Optional.of(price) : ListPrices.find(preset, requested, served);
  }

  /** The full key of one of this instance's settings, for messages. */
  public String fullKey(String key) {
    return BackendConfig.BACKENDS_PREFIX + instanceName + "." + key;
  }

  /** The URL of {@code path} ({@code chat/completions}, {@code completions}, {@code embeddings}). */
  public static HttpUrl resolve(HttpUrl base, String path) {
    return Objects.requireNonNull(base.resolve(path));
  }

  @Override
  public String toString() {
    return apiKey.redact("RemoteSettings[" + instanceName + ", preset=" + preset.configName()
        + ", endpoints=" + endpoints + ", apiKey=" + apiKey + ", model=" + model + ", stream="
        + stream + ", maxRetries=" + maxRetries + "]");
  }
}
