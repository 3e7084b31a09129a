package io.infer4j.remote;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.spi.Capability;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenAI-compatible services the remote backend knows by name: their base URL, whether they
 * need an API key, which endpoints they serve, what they can do beyond plain text, and their
 * quirks. Any other OpenAI-compatible server works with an explicit {@code base-url} and no preset
 * ({@link #CUSTOM}).
 *
 * <p>Base URLs end with the API version segment ({@code .../v1}); the backend appends {@code
 * chat/completions}, {@code completions} (raw prompts, where the service has it) or {@code
 * embeddings}.
 *
 * <p>What a preset declares it can do ({@link #capabilities()}) is what the service's API takes;
 * the model still decides: a text-only model on a server that takes images answers such a request
 * with an HTTP 400 ({@link io.infer4j.InvalidRequestException}). A request needing a capability the
 * preset lacks is refused before any HTTP call with {@link io.infer4j.UnsupportedCapabilityException}.
 */
public enum Preset {
  /**
   * GroqCloud: usage arrives in {@code x_groq.usage}; HTTP 498 (capacity) is retried. Chat
   * completions only: its OpenAI-compatibility page lists text completions among the unsupported
   * features, so raw prompts are sent to chat completions as one user message. Tools, JSON mode
   * and {@code json_schema} (console.groq.com/docs/tool-use, docs/structured-outputs: {@code
   * strict: true} is constrained decoding on the models that have it, an HTTP 400 on the others;
   * the request's {@code strict} is sent as given); images on its vision models (Llama 4 Scout).
   * No embeddings endpoint, no audio in chat (audio is its transcription endpoint).
   */
  GROQ("groq", "https://api.groq.com/openai/v1", true, false, false,
      EnumSet.of(Capability.TOOLS, Capability.STRUCTURED_OUTPUT, Capability.IMAGES)),
  /**
   * NVIDIA NIM (hosted API catalog); self-hosted NIM containers use {@code base-url}. Tools
   * (docs.nvidia.com/nim/large-language-models, "Function (Tool) Calling": {@code tools} and
   * {@code tool_choice}) and {@code response_format} (its "Structured Generation"; NIM 2.x
   * enforces {@code json_schema}). Conservatively without embeddings (the retrieval NIMs are
   * separate services whose asymmetric models require an {@code input_type} this SDK does not
   * send) and without images or audio (those are the separate VLM NIMs; configure one as {@link
   * #CUSTOM} if it serves them).
   */
  NVIDIA_NIM("nvidia-nim", "https://integrate.api.nvidia.com/v1", true, false, true,
      EnumSet.of(Capability.TOOLS, Capability.STRUCTURED_OUTPUT)),
  /**
   * OpenAI: {@code max_completion_tokens} instead of {@code max_tokens}. Everything: tools, {@code
   * json_schema} with {@code strict}, {@code /v1/embeddings}, images ({@code image_url}) and audio
   * ({@code input_audio}, on its audio models) (platform.openai.com/docs/api-reference).
   */
  OPENAI("openai", "https://api.openai.com/v1", true, false, true, EnumSet.allOf(Capability.class)),
  /**
   * A self-hosted vLLM server (accepts {@code top_k} and {@code min_p}). docs.vllm.ai: tools with
   * {@code tool_choice} auto, none, required and named ("Tool Calling"; the server needs {@code
   * --enable-auto-tool-choice}), {@code response_format} json_object and json_schema ("Structured
   * Outputs"), {@code /v1/completions} and {@code /v1/embeddings} (an embedding model served with
   * the pooling runner), images and audio for multimodal models ("Multimodal Inputs").
   */
  VLLM("vllm", "http://localhost:8000/v1", false, true, true, EnumSet.allOf(Capability.class)),
  /**
   * A local Ollama server's OpenAI-compatible API. docs.ollama.com/api/openai-compatibility: tools,
   * JSON mode and {@code response_format}, vision (base64 and URL images), {@code /v1/completions}
   * and {@code /v1/embeddings}; no audio input in chat.
   */
  OLLAMA("ollama", "http://localhost:11434/v1", false, false, true,
      EnumSet.of(Capability.TOOLS, Capability.STRUCTURED_OUTPUT, Capability.EMBEDDINGS,
          Capability.IMAGES)),
  /**
   * llama.cpp's {@code llama-server} (usage also in {@code timings}; accepts top_k, min_p). Its
   * README (tools/server): tools with {@code --jinja}, {@code response_format} with a schema
   * (turned into a grammar), {@code /v1/completions}, {@code /v1/embeddings} (with {@code
   * --embeddings}), images and audio with a multimodal projector ({@code --mmproj}).
   */
  LLAMACPP("llamacpp", "http://localhost:8080/v1", false, true, true, EnumSet.allOf(Capability.class)),
  /**
   * Any other OpenAI-compatible server: {@code base-url} is required, only standard fields sent.
   * Assumed to take tools and {@code response_format}, as the OpenAI-compatible servers above all
   * do (a server that does not answers HTTP 400, and the client checks every answer anyway), and
   * to serve {@code /v1/completions}; not assumed to serve embeddings, images or audio.
   */
  CUSTOM("custom", null, false, false, true,
      EnumSet.of(Capability.TOOLS, Capability.STRUCTURED_OUTPUT));

  private final String configName;
  private final String defaultBaseUrl;
  private final boolean requiresApiKey;
  private final boolean acceptsExtendedSampling;
  private final boolean servesCompletions;
  private final Set<Capability> capabilities;

  Preset(String configName, String defaultBaseUrl, boolean requiresApiKey, boolean extended,
      boolean servesCompletions, EnumSet<Capability> capabilities) {
    this.configName = configName;
    this.defaultBaseUrl = defaultBaseUrl;
    this.requiresApiKey = requiresApiKey;
    this.acceptsExtendedSampling = extended;
    this.servesCompletions = servesCompletions;
    // Only the capabilities a service may or may not have; the others every preset has alike.
    capabilities.retainAll(EnumSet.of(Capability.TOOLS, Capability.STRUCTURED_OUTPUT,
        Capability.EMBEDDINGS, Capability.IMAGES, Capability.AUDIO));
    this.capabilities = Collections.unmodifiableSet(capabilities);
  }

  /** {@return the value of the {@code preset} key ({@code groq}, {@code nvidia-nim}, ...)} */
  public String configName() {
    return configName;
  }

  /** {@return the base URL used when {@code base-url} is not set, or {@code null} for {@link #CUSTOM}} */
  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  /** {@return whether the service rejects requests without an API key} */
  public boolean requiresApiKey() {
    return requiresApiKey;
  }

  /**
   * {@return what the service can do beyond plain chat and raw prompts, among {@link Capability#TOOLS},
   * {@link Capability#STRUCTURED_OUTPUT}, {@link Capability#EMBEDDINGS}, {@link Capability#IMAGES}
   * and {@link Capability#AUDIO}} Unmodifiable.
   */
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /**
   * {@return whether the service has {@code /v1/completions} for raw prompts; without it a raw prompt is
   * sent to chat completions as one user message (the model's chat template then applies)}
   */
  public boolean servesCompletions() {
    return servesCompletions;
  }

  /** {@return whether the server accepts the non-standard {@code top_k} and {@code min_p} fields} */
  public boolean acceptsExtendedSampling() {
    return acceptsExtendedSampling;
  }

  /**
   * The preset with the given configuration name (case-insensitive).
   *
   * @param key the full configuration key, for the error message
   * @param value the configured value; surrounding blanks and case are ignored
   * @return the preset named {@code value}
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
