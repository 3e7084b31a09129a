package io.infer4j.spi;

import io.infer4j.FinishReason;
import io.infer4j.RouteDecision;
import io.infer4j.Timing;
import io.infer4j.Usage;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Generation} ended, as the backend knows it. Parts the backend does not know are
 * absent, and the SDK fills them in: usage is counted from the chunks, timing is measured with a
 * monotonic clock, and the route is the direct one.
 *
 * @param finishReason why generation ended
 * @param model the model that answered, as the backend names it
 * @param usage token counts the backend knows, or {@code null}
 * @param timing simulated timing, or {@code null} to have the SDK measure it
 * @param route a routing decision (the router's), or {@code null} for a direct one
 * @param servedBy the configured instance name that really served (the router's choice), or
 *     {@code null} for the backend itself
 */
public record GenerationResult(
    FinishReason finishReason,
    String model,
    Usage usage,
    Timing timing,
    RouteDecision route,
    String servedBy) {

  public GenerationResult {
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(model, "model");
  }

  public static GenerationResult of(FinishReason finishReason, String model) {
    return new GenerationResult(finishReason, model, null, null, null, null);
  }

  public GenerationResult withUsage(Usage u) {
    return new GenerationResult(finishReason, model, u, timing, route, servedBy);
  }

  public GenerationResult withTiming(Timing t) {
    return new GenerationResult(finishReason, model, usage, t, route, servedBy);
  }

  public GenerationResult withRoute(RouteDecision r, String served) {
    return new GenerationResult(finishReason, model, usage, timing, r, served);
  }

  public Optional<Usage> reportedUsage() {
    return Optional.ofNullable(usage);
  }

  public Optional<Timing> simulatedTiming() {
    return Optional.ofNullable(timing);
  }
}
