package io.infer4j.opentelemetry;

import io.infer4j.InferenceListener;
import io.infer4j.opentelemetry.internal.Telemetry;
import io.infer4j.spi.Settings;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import java.util.function.Function;

/**
 * Metrics and traces of every request of a client, after the OpenTelemetry GenAI semantic
 * conventions v1.41.0 (open-telemetry/semantic-conventions, {@code docs/gen-ai/}): register it as
 * the client's listener.
 *
 * <pre>{@code
 * InferenceTelemetry telemetry = InferenceTelemetry.create(openTelemetry);
 * InferenceClient client = InferenceClients.withListener(InferenceClients.fromConfig(), telemetry);
 * }</pre>
 *
 * <p>Or with no code: this module registers the listener provider {@code opentelemetry}, which
 * uses the global OpenTelemetry ({@code GlobalOpenTelemetry}, set by the Java agent or by {@code
 * OpenTelemetrySdk...buildAndRegisterGlobal()}) for the clients made from configuration; until an
 * application sets one, it costs nothing.
 *
 * <p><b>Metrics</b> (histograms with the conventions' bucket boundaries as advice):
 * {@code gen_ai.client.operation.duration} (s), {@code gen_ai.client.token.usage} ({token}, by
 * {@code gen_ai.token.type} input/output; embeddings input only), and for streamed requests {@code
 * gen_ai.client.operation.time_to_first_chunk} (s); responses whose timing is simulated (the LPU
 * simulator, a GPU what-if) add {@code infer4j.client.simulated.duration} and {@code
 * infer4j.client.simulated.time_to_first_token} (s). Durations are the caller-visible wall time,
 * simulated timing or not. Attributes: {@code gen_ai.operation.name}, {@code gen_ai.provider.name},
 * {@code gen_ai.request.model} and {@code gen_ai.response.model} when known, {@code error.type} on
 * failure (the class name of the {@link io.infer4j.InferenceException} subclass), {@code
 * server.address}/{@code server.port} when a {@code base-url} is configured, and infer4j's {@code
 * infer4j.client} (the client's instance), {@code infer4j.backend} (the instance that served: the
 * route decision's chosen one) and {@code infer4j.timing.simulated}.
 *
 * <p><b>Spans</b>: one per request, kind CLIENT, named {@code {operation} {model}}, child of the
 * caller's current span, with the request's parameters, the response's model, finish reason and
 * usage, and its timing under {@code infer4j.timing.*}; one INTERNAL child per attempt (the
 * router's first choice, fallbacks and hedges, a remote backend's retries) with {@code
 * infer4j.attempt.backend}, {@code .kind}, {@code .number} and {@code .outcome}. Failures set
 * status ERROR and {@code error.type}.
 *
 * <p><b>{@code gen_ai.provider.name}</b> of an instance comes from the {@linkplain
 * Builder#providerNames application} or else the configuration (MicroProfile Config when present,
 * else system properties and environment variables): a {@code remote} instance is named after its
 * {@code preset} ({@code groq}, {@code openai}, {@code nvidia.nim}, {@code vllm}, {@code ollama},
 * {@code llama_cpp}; {@code infer4j.remote} without one), any other type {@code t} gives {@code
 * infer4j.t} ({@code infer4j.lpu}, {@code infer4j.gpu}, {@code infer4j.fake}, {@code
 * infer4j.router}). A routed request's span starts with the router's and ends with the serving
 * instance's; its metrics carry the serving instance's (on failure, the last one tried).
 *
 * <p>Thread-safe and immutable; one instance may listen to any number of clients.
 */
public final class InferenceTelemetry implements InferenceListener.Factory {

  private final Telemetry telemetry;

  private InferenceTelemetry(Telemetry telemetry) {
    this.telemetry = telemetry;
  }

  /**
   * Telemetry to {@code openTelemetry}, provider names from the configuration.
   *
   * @param openTelemetry where the metrics and spans go (its meter and tracer providers)
   * @return the listener factory to install on a client
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static InferenceTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * A builder of telemetry to {@code openTelemetry}, for settings beyond {@link #create}'s.
   *
   * @param openTelemetry where the metrics and spans go
   * @return a new builder
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** Starts the telemetry of one request; called by the client. */
  @Override
  public InferenceListener create(InferenceListener.Call call) {
    return telemetry.listen(call);
  }

  /** Builds an {@link InferenceTelemetry}. Not thread-safe. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private Function<String, String> providerNames = instance -> null;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * The {@code gen_ai.provider.name} of backend instances, by instance name; where it returns
     * null the configuration tells. For clients whose configuration this module cannot read (made
     * with {@code InferenceClients.fromProperties} or {@code InferenceClients.of}; the listener
     * provider {@code opentelemetry} reads a {@code fromProperties} client's own map): {@code
     * builder(otel).providerNames(Map.of("llm", "groq")::get)}. Called once per instance name.
     *
     * @param names the provider name of an instance name, or null to read it from the configuration
     * @return this builder
     * @throws NullPointerException if {@code names} is null
     */
    public Builder providerNames(Function<String, String> names) {
      this.providerNames = Objects.requireNonNull(names, "names");
      return this;
    }

    /**
     * The telemetry, with the settings read from the configuration of the thread's context class
     * loader (else this module's).
     *
     * @return a new telemetry listener factory
     */
    public InferenceTelemetry build() {
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      Settings settings = Settings.detect(cl != null ? cl : InferenceTelemetry.class.getClassLoader());
      return new InferenceTelemetry(new Telemetry(openTelemetry, providerNames, settings));
    }
  }
}
