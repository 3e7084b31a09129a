package io.infer4j.testing;

import io.infer4j.spi.Backend;
import io.infer4j.testing.internal.Cassette;
import io.infer4j.testing.internal.RecordingBackend;
import io.infer4j.testing.internal.ReplayBackend;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Record a backend's answers to a cassette file once, replay them offline in every later run.
 *
 * <pre>{@code
 * Path cassette = Path.of("src/test/resources/cassettes/summaries.json");
 * // once, against the real backend:
 * try (InferenceClient c = InferenceClients.of("groq", Cassettes.recording(realBackend, cassette))) { ... }
 * // in every test run, offline:
 * try (InferenceClient c = InferenceClients.of("groq", Cassettes.replaying(cassette))) { ... }
 * }</pre>
 *
 * <p>The same by configuration: {@code infer4j.backends.<name>.type=record} with keys {@code
 * delegate} (another configured instance) and {@code cassette} (the path), then {@code
 * type=replay} with key {@code cassette}.
 *
 * <p><b>Matching.</b> A recording is found by the request's prompt or messages (with their tool
 * calls, tool results and media), model, sampling parameters, tools, tool choice and response
 * format (not its latency budget); an embedding by its inputs and model. A request recorded again
 * replaces the earlier recording. <b>Format.</b> One JSON file per cassette (version 2), rewritten
 * atomically after each completed response or embedding; it holds the request content and the
 * response (chunks, finish reason, reported usage, model, tool calls; or the vectors), never
 * configuration or credentials. Media are keyed by URL or by the SHA-256 of their bytes, not
 * stored. Failed and cancelled responses are not recorded. Cassettes of version 1 (before tools
 * and embeddings) replay as they are and become version 2 when recorded into.
 */
public final class Cassettes {

  private Cassettes() {}

  /**
   * {@return a backend that serves requests with {@code delegate} and records each completed response in
   * {@code file} (adding to the recordings already there)} The returned backend owns the delegate
   * and closes it. Thread-safe as far as the delegate is.
   *
   * @param delegate the backend that serves the requests
   * @param file the cassette; a missing one starts empty
   * @throws CassetteException when {@code file} exists but is not a valid cassette
   * @throws NullPointerException if an argument is {@code null}
   */
  public static Backend recording(Backend delegate, Path file) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(file, "file");
    return new RecordingBackend(delegate, Cassette.openForRecording(file));
  }

  /**
   * {@return a backend that answers from the recordings in {@code file}, offline, streaming the recorded
   * chunks} A request without a recording fails with a non-retryable {@link
   * io.infer4j.BackendUnavailableException} describing it. Thread-safe.
   *
   * @param file the cassette
   * @throws CassetteException when {@code file} is missing or not a valid cassette
   * @throws NullPointerException if {@code file} is {@code null}
   */
  public static Backend replaying(Path file) {
    Objects.requireNonNull(file, "file");
    return new ReplayBackend("replay", Cassette.open(file));
  }
}
