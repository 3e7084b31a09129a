package io.infer4j;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A complete answer.
 *
 * <p>Backends and the router build responses; tests that stub an {@link InferenceClient} (with
 * Mockito, say) can use {@link #of(String)} instead of the canonical constructor.
 *
 * @param text the generated text, without the prompt and without any stop string
 * @param finishReason why generation ended
 * @param usage prompt and completion tokens, the prompt tokens served from the provider's prompt
 *     cache, and the cost where a price is known ({@link Usage#cost()})
 * @param timing time to first token, total time, decode rate, simulated or measured
 * @param backend the configured instance name that served the request
 * @param model the model that answered, as the backend names it
 * @param route how the request was routed ({@link RouteDecision#direct} without a router)
 * @param toolCalls the tools the model called, each checked against its parameter schema; empty
 *     when it answered in text (the finish reason is then not {@link FinishReason#TOOL_CALLS})
 */
public record InferenceResponse(
    String text,
    FinishReason finishReason,
    Usage usage,
    Timing timing,
    String backend,
    String model,
    RouteDecision route,
    List<ToolCall> toolCalls) {

  /**
   * Validates the response; {@code null} tool calls become empty, and the list is copied.
   *
   * @throws NullPointerException if any other component is {@code null}
   */
  public InferenceResponse {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(route, "route");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /**
   * A response without tool calls.
   *
   * @param text the generated text, without the prompt and without any stop string
   * @param finishReason why generation ended
   * @param usage the tokens used and their cost
   * @param timing how long the request took, and on what
   * @param backend the configured instance name that served the request
   * @param model the model that answered, as the backend names it
   * @param route how the request was routed
   * @throws NullPointerException if any argument is {@code null}
   */
  public InferenceResponse(String text, FinishReason finishReason, Usage usage, Timing timing,
      String backend, String model, RouteDecision route) {
    this(text, finishReason, usage, timing, backend, model, route, List.of());
  }

  /**
   * {@return the answer read into {@code type}: for a request with a JSON {@link ResponseFormat} (the
   * client has checked it against the schema), or any answer that is JSON}
   *
   * @param <T> the type read into
   * @param type a record or class that Jackson can read the JSON into
   * @throws StructuredOutputException saying where the text does not read into {@code type}
   */
  public <T> T as(Class<T> type) {
    return io.infer4j.internal.Json.read(text, type, "response");
  }

  /**
   * {@return a stub response in which the model called {@code calls}, for stubbing a client in tests; the
   * other fields as {@link #of(String)} says, finish reason {@link FinishReason#TOOL_CALLS}}
   *
   * @param calls the calls, in order
   * @throws NullPointerException if {@code calls} or an element is {@code null}
   */
  public static InferenceResponse ofToolCalls(ToolCall... calls) {
    return new InferenceResponse("", FinishReason.TOOL_CALLS, Usage.counted(0, 0),
        new Timing(Duration.ZERO, Duration.ZERO, 0.0, false), STUB, STUB, RouteDecision.direct(STUB),
        List.of(calls));
  }

  /** The backend and model name of the responses {@link #of(String)} makes. */
  static final String STUB = "stub";

  /**
   * {@return a response with the given text that ended normally, for stubbing a client in tests:
   * {@code when(client.generate(any())).thenReturn(InferenceResponse.of("Night Train"))}}
   *
   * <p>The other fields are fixed: finish reason {@link FinishReason#STOP}; usage {@code
   * Usage.counted(0, 0)} (a stub counts no tokens); timing zero and measured ({@code
   * simulated=false}, no device); backend and model {@code "stub"}; route {@link
   * RouteDecision#direct direct} to {@code "stub"}. Use the canonical constructor when the code
   * under test reads any of them.
   *
   * @param text the answer's text; {@code ""} for empty
   * @throws NullPointerException if {@code text} is null
   */
  public static InferenceResponse of(String text) {
    return of(text, FinishReason.STOP);
  }

  /**
   * Like {@link #of(String)}, with the given finish reason ({@link FinishReason#LENGTH} for an
   * answer cut off at {@code maxTokens}, say).
   *
   * @param text the answer's text; {@code ""} for empty
   * @param finishReason why generation ended
   * @return the stub response
   * @throws NullPointerException if {@code text} or {@code finishReason} is null
   */
  public static InferenceResponse of(String text, FinishReason finishReason) {
    return of(text, finishReason, Usage.counted(0, 0));
  }

  /** A stub response: text, finish reason and usage given, the rest as {@link #of(String)} says. */
  static InferenceResponse of(String text, FinishReason finishReason, Usage usage) {
    return new InferenceResponse(text, finishReason, usage,
        new Timing(Duration.ZERO, Duration.ZERO, 0.0, false), STUB, STUB, RouteDecision.direct(STUB));
  }
}
