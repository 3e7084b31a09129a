package io.infer4j;

import java.util.Objects;

/**
 * A complete answer.
 *
 * @param text the generated text, without the prompt and without any stop string
 * @param finishReason why generation ended
 * @param usage prompt and completion tokens
 * @param timing time to first token, total time, decode rate, simulated or measured
 * @param backend the configured instance name that served the request
 * @param model the model that answered, as the backend names it
 * @param route how the request was routed ({@link RouteDecision#direct} without a router)
 */
public record InferenceResponse(
    String text,
    FinishReason finishReason,
    Usage usage,
    Timing timing,
    String backend,
    String model,
    RouteDecision route) {

  public InferenceResponse {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(route, "route");
  }
}
