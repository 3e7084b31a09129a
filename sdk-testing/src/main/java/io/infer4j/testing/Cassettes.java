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
 * <p><b>Matching.</b> A recording is found by the request's prompt or messages, model and
 * sampling parameters (not its latency budget); a request recorded again replaces the earlier
 * recording. <b>Format.</b> One JSON file per cassette, rewritten atomically after each completed
 * response; it holds the request content and the response (chunks, finish reason, reported usage,
 * model), never configuration or credentials. Failed and cancelled responses are not recorded.
 */
public final class Cassettes {

  private Cassettes() {}

  /**
   * A backend that serves requests with {@code delegate} and records each completed response in
   * {@code file} (adding to the recordings already there). The returned backend owns the delegate
   * and closes it. Thread-safe as far as the delegate is.
   *
   * @throws CassetteException when {@code file} exists but is not a valid cassette
   */
  public static Backend recording(Backend delegate, Path file) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(file, "file");
    return new RecordingBackend(delegate, Cassette.openForRecording(file));
  }

  /**
   * A backend that answers from the recordings in {@code file}, offline, streaming the recorded
   * chunks. A request without a recording fails with a non-retryable {@link
   * io.infer4j.BackendUnavailableException} describing it. Thread-safe.
   *
   * @throws CassetteException when {@code file} is missing or not a valid cassette
   */
  public static Backend replaying(Path file) {
    Objects.requireNonNull(file, "file");
    return new ReplayBackend("replay", Cassette.open(file));
  }
}
