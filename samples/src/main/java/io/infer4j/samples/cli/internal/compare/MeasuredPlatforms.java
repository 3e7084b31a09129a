package io.infer4j.samples.cli.internal.compare;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.Timing;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Runs the prompt on a real backend instance (the in-process model, a remote endpoint) and turns
 * its response into a row. A platform that fails becomes a row that says why (the error type and
 * its message, one line); it never stops the comparison.
 */
public final class MeasuredPlatforms {

  /**
   * What one platform gave.
   *
   * @param row the row for the table
   * @param response the full response, when the platform answered
   * @param error why it did not, otherwise
   */
  public record Outcome(
      PlatformRow row, Optional<InferenceResponse> response, Optional<InferenceException> error) {}

  private MeasuredPlatforms() {}

  /**
   * Opens the instance, sends {@code request}, closes the instance.
   *
   * @param platform the instance's name
   * @param opener creates the instance's client (may throw: configuration errors become the row's
   *     failure too)
   * @param precision how the model stores its weights, when known (else empty)
   * @param cost the instance's price per million tokens, when configured
   */
  public static Outcome measure(String platform, Supplier<InferenceClient> opener,
      InferenceRequest request, String precision, OptionalDouble cost, ProgressLine progress) {
    return measure(platform, opener, WarmUp.none(request), request, precision, cost, progress);
  }

  /**
   * As {@link #measure(String, Supplier, InferenceRequest, String, OptionalDouble, ProgressLine)},
   * first running {@code warmUp} untimed on the same client: an in-process model runs in a JVM
   * whose just-in-time compiler has not yet compiled its kernels, and a first request measures
   * that, not the platform (a remote endpoint is warm already). A warm-up that runs out of its
   * budget ends the warming; its failure is not the platform's.
   */
  public static Outcome measure(String platform, Supplier<InferenceClient> opener,
      WarmUp warmUp, InferenceRequest request, String precision,
      OptionalDouble cost, ProgressLine progress) {
    progress.start(platform, warmUp.minRuns() == 0 ? "running the prompt"
        : "warming up, then running the prompt");
    try (InferenceClient client = opener.get()) {
      warmUp.run(client, System::nanoTime);
      InferenceResponse response = client.generate(request);
      PlatformRow row = row(platform, response, precision, cost);
      progress.done(platform, String.format(Locale.ROOT, "%d tokens in %.0f ms",
          response.usage().completionTokens(), row.figures().orElseThrow().totalMs()));
      return new Outcome(row, Optional.of(response), Optional.empty());
    } catch (InferenceException e) {
      String failure = e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
      progress.done(platform, failure);
      return new Outcome(PlatformRow.failed(platform, "", Source.MEASURED, "", precision, failure),
          Optional.empty(), Optional.of(e));
    }
  }

  private static PlatformRow row(String platform, InferenceResponse response, String precision,
      OptionalDouble cost) {
    Timing t = response.timing();
    Figures figures = Figures.measured(millis(t.timeToFirstToken()), t.tokensPerSecond(),
        millis(t.total()), response.usage().completionTokens())
        .withCost(cost);
    String note = response.usage().promptTokens() + " prompt + " + response.usage().completionTokens()
        + " output tokens, " + (response.usage().completionTokens() > 0 ? "finish " : "")
        + response.finishReason().name().toLowerCase(Locale.ROOT);
    return PlatformRow.of(platform, t.device(), t.simulated() ? Source.SIMULATED : Source.MEASURED,
        response.model(), precision, t.deviceCount(), figures, note);
  }

  private static double millis(java.time.Duration d) {
    return d.toNanos() / 1e6;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
