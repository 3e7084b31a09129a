package io.infer4j.remote;

import io.infer4j.InvalidConfigurationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The OpenAI-compatible services the remote backend knows by name: their base URL, whether they
 * need an API key, and their quirks. Any other OpenAI-compatible server works with an explicit
 * {@code base-url} and no preset ({@link #CUSTOM}).
 *
 * <p>Base URLs end with the API version segment ({@code .../v1}); the backend appends {@code
 * chat/completions} (or {@code completions} for raw prompts).
 */
public enum Preset {
  /** GroqCloud: usage arrives in {@code x_groq.usage}; HTTP 498 (capacity) is retried. */
  GROQ("groq", "https://api.groq.com/openai/v1", true, false),
  /** NVIDIA NIM (hosted API catalog); self-hosted NIM containers use {@code base-url}. */
  NVIDIA_NIM("nvidia-nim", "https://integrate.api.nvidia.com/v1", true, false),
  /** OpenAI: {@code max_completion_tokens} instead of {@code max_tokens}. */
  OPENAI("openai", "https://api.openai.com/v1", true, false),
  /** A self-hosted vLLM server (accepts {@code top_k} and {@code min_p}). */
  VLLM("vllm", "http://localhost:8000/v1", false, true),
  /** A local Ollama server's OpenAI-compatible API. */
  OLLAMA("ollama", "http://localhost:11434/v1", false, false),
  /** llama.cpp's {@code llama-server} (usage also in {@code timings}; accepts top_k, min_p). */
  LLAMACPP("llamacpp", "http://localhost:8080/v1", false, true),
  /** Any other OpenAI-compatible server: {@code base-url} is required, only standard fields sent. */
  CUSTOM("custom", null, false, false);

  private final String configName;
  private final String defaultBaseUrl;
  private final boolean requiresApiKey;
  private final boolean acceptsExtendedSampling;

  Preset(String configName, String defaultBaseUrl, boolean requiresApiKey, boolean extended) {
    this.configName = configName;
    this.defaultBaseUrl = defaultBaseUrl;
    this.requiresApiKey = requiresApiKey;
    this.acceptsExtendedSampling = extended;
  }

  /** The value of the {@code preset} key ({@code groq}, {@code nvidia-nim}, ...). */
  public String configName() {
    return configName;
  }

  /** The base URL used when {@code base-url} is not set, or {@code null} for {@link #CUSTOM}. */
  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  /** Whether the service rejects requests without an API key. */
  public boolean requiresApiKey() {
    return requiresApiKey;
  }

  /** Whether the server accepts the non-standard {@code top_k} and {@code min_p} fields. */
  public boolean acceptsExtendedSampling() {
    return acceptsExtendedSampling;
  }

  /**
   * The preset with the given configuration name (case-insensitive).
   *
   * @param key the full configuration key, for the error message
   * @throws InvalidConfigurationException naming the key, the value and the accepted names
   */
  public static Preset fromConfigName(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (Preset p : values()) {
      if (p.configName.equals(v)) {
        return p;
      }
    }
    throw new InvalidConfigurationException(
        key,
        value,
        "unknown preset; known: "
            + Arrays.stream(values()).map(Preset::configName).collect(Collectors.joining(", ")));
  }
}
