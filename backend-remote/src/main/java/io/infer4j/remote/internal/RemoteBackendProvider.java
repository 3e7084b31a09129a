package io.infer4j.remote.internal;

import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;

/**
 * Provider of the {@code remote} backend type: OpenAI-compatible chat completions (tools,
 * structured output, images and sounds where the preset serves them) and embeddings over OkHttp,
 * for GroqCloud, NVIDIA NIM, OpenAI, vLLM, Ollama, llama.cpp's server or any compatible URL.
 * Registered in {@code META-INF/services/io.infer4j.spi.BackendProvider}; discovery has no side
 * effects, {@link #create} builds the HTTP client (no network until the first request).
 *
 * <p>Keys, all under {@code infer4j.backends.<name>.} (durations like {@code 200ms}, {@code 10s}):
 *
 * <table>
 *   <caption>remote backend keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code type}</td><td></td><td>{@code remote}</td></tr>
 *   <tr><td>{@code preset}</td><td>none</td><td>{@code groq}, {@code nvidia-nim}, {@code openai},
 *       {@code vllm}, {@code ollama}, {@code llamacpp}: base URL, key requirement, quirks</td></tr>
 *   <tr><td>{@code base-url}</td><td>the preset's</td><td>API root including {@code /v1}; required
 *       without a preset</td></tr>
 *   <tr><td>{@code endpoints}</td><td>none</td><td>comma-separated base URLs of replicas; replaces
 *       {@code base-url}; balanced by fewest outstanding requests of two random picks</td></tr>
 *   <tr><td>{@code api-key}</td><td>none</td><td>sent as {@code Authorization: Bearer}; usually
 *       {@code ${ENV_VAR}} (expanded from the environment when MicroProfile Config did not);
 *       required by groq, nvidia-nim, openai; never logged or put in messages</td></tr>
 *   <tr><td>{@code api-key-env}</td><td>none</td><td>the name of an environment variable that
 *       holds the key, used when {@code api-key} is not set (what {@code --api-key-env} sets)</td></tr>
 *   <tr><td>{@code model}</td><td>{@code infer4j.model}</td><td>model id when the request names
 *       none (llama.cpp serves its loaded model without one)</td></tr>
 *   <tr><td>{@code embedding-model}</td><td>{@code model}</td><td>model id for {@link
 *       io.infer4j.InferenceClient#embed} when the request names none</td></tr>
 *   <tr><td>{@code stream}</td><td>{@code true}</td><td>request SSE streaming; {@code false} sends
 *       {@code stream: false} and delivers the answer as one chunk</td></tr>
 *   <tr><td>{@code include-usage}</td><td>{@code true}</td><td>ask for the final usage chunk
 *       ({@code stream_options.include_usage})</td></tr>
 *   <tr><td>{@code connect-timeout}</td><td>{@code 10s}</td><td>longest connect per attempt (the
 *       request's budget may cut it shorter)</td></tr>
 *   <tr><td>{@code stall-timeout}</td><td>{@code read-timeout} or {@code 30s}</td><td>longest
 *       silence on a stream (before headers or between events)</td></tr>
 *   <tr><td>{@code read-timeout}</td><td>{@code 10m}</td><td>longest silence waiting for a
 *       non-streamed answer; also the stall timeout when {@code stall-timeout} is unset</td></tr>
 *   <tr><td>{@code first-token-timeout}</td><td>{@code 60s}</td><td>for a streamed request without
 *       a latency budget: longest wait for the first token, all attempts and backoff waits
 *       included; then a retryable {@link io.infer4j.BackendUnavailableException}</td></tr>
 *   <tr><td>{@code total-timeout}</td><td>{@code 10m}</td><td>for a request without a total
 *       budget: longest time for the whole answer, all attempts included</td></tr>
 *   <tr><td>{@code max-retries}</td><td>{@code 2}</td><td>retries after the first attempt, on
 *       connection failures, 408, 409, 429, 5xx, 498, only before the first token</td></tr>
 *   <tr><td>{@code backoff}</td><td>{@code 200ms}</td><td>first backoff, doubled per retry, jittered
 *       to [50%, 100%]</td></tr>
 *   <tr><td>{@code max-backoff}</td><td>{@code 5s}</td><td>cap on one backoff wait</td></tr>
 *   <tr><td>{@code max-retry-after}</td><td>{@code 30s}</td><td>longest {@code Retry-After} honoured;
 *       a longer one (or one past the budget) fails at once with the retry time</td></tr>
 *   <tr><td>{@code eject-after}</td><td>{@code 3}</td><td>consecutive failures that eject an
 *       endpoint</td></tr>
 *   <tr><td>{@code eject-for}</td><td>{@code 30s}</td><td>how long an ejected endpoint stays out
 *       </td></tr>
 *   <tr><td>{@code keep-alive}</td><td>{@code 4s}</td><td>how long an idle connection stays in the
 *       pool for reuse; under the 5 s after which uvicorn (vLLM) and Node.js close theirs</td></tr>
 *   <tr><td>{@code max-event-size}</td><td>{@code 1MiB}</td><td>most bytes of one SSE event (sizes
 *       like {@code 65536}, {@code 64KiB}, {@code 1MiB}); a larger one is a non-retryable
 *       {@link io.infer4j.BackendUnavailableException}</td></tr>
 *   <tr><td>{@code max-bytes-per-token}</td><td>{@code 4KiB}</td><td>a response may take {@code
 *       max-event-size} plus this per requested token ({@code maxTokens}); past that, the same
 *       error</td></tr>
 *   <tr><td>{@code price-input-per-million}, {@code price-output-per-million}</td><td>the preset's
 *       list price for the model, else none</td><td>US dollars per million prompt and completion
 *       tokens (decimals such as {@code 0.59}), for every model of the instance; both or neither.
 *       Responses with reported counts then carry {@link io.infer4j.Usage#cost()}</td></tr>
 *   <tr><td>{@code price-cached-input-per-million}</td><td>{@code price-input-per-million}</td>
 *       <td>US dollars per million prompt tokens served from the provider's prompt cache ({@link
 *       io.infer4j.Usage#cachedPromptTokens()})</td></tr>
 * </table>
 *
 * <p>The defaults and why they were chosen are in the module's README. Each retry is logged at
 * {@code DEBUG} on the {@code System.Logger} {@code io.infer4j.remote}.
 *
 * <p>Errors: bad keys raise {@link io.infer4j.InvalidConfigurationException} naming the full key
 * (never quoting the API key).
 */
public final class RemoteBackendProvider implements BackendProvider {

  /** The type name, {@code remote}. */
  public static final String NAME = "remote";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Backend create(BackendConfig config) {
    return new HttpRemoteBackend(RemoteSettings.from(config));
  }
}
