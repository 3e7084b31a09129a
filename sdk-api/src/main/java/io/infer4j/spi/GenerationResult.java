package io.infer4j.spi;

import io.infer4j.FinishReason;
import io.infer4j.Timing;
import io.infer4j.Usage;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Generation} ended, as the backend knows it. Parts the backend does not know are
 * absent, and the SDK fills them in: usage is counted from the chunks, timing is measured with a
 * monotonic clock from the moment the client received the request. How the request was routed is
 * not the backend's to say: the router reports it to the client apart from this result.
 *
 * @param finishReason why generation ended
 * @param model the model that answered, as the backend names it
 * @param usage token counts the backend knows, or {@code null}
 * @param timing the backend's own timing (simulated by a timing model, or measured by the backend
 *     on its own terms, e.g. from the moment the HTTP request was written), or {@code null} to have
 *     the SDK measure it
 * @param device what the timing is for ({@code "cpu-reference"}, {@code "lpu"}, a GPU name), or
 *     {@code null} to leave the timing's own device as is; see {@link Timing#device()}
 * @param deviceCount how many of {@code device} (chips, GPUs); ignored without {@code device}
 * @param toolCalls the tool calls the model made, assembled (a streamed call's pieces joined);
 *     the client checks them against the request's tools
 */
public record GenerationResult(
    FinishReason finishReason,
    String model,
    Usage usage,
    Timing timing,
    String device,
    int deviceCount,
    java.util.List<io.infer4j.ToolCall> toolCalls) {

  /**
   * Validates the result; {@code null} tool calls become empty, and the list is copied.
   *
   * @throws NullPointerException if {@code finishReason} or {@code model} is {@code null}
   * @throws IllegalArgumentException if {@code deviceCount} is negative
   */
  public GenerationResult {
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(model, "model");
    if (deviceCount < 0) {
      throw new IllegalArgumentException("deviceCount must be >= 0: " + deviceCount);
    }
    toolCalls = toolCalls == null ? java.util.List.of() : java.util.List.copyOf(toolCalls);
  }

  /**
   * A result without tool calls.
   *
   * @param finishReason why generation ended
   * @param model the model that answered, as the backend names it
   * @param usage token counts the backend knows, or {@code null} to have the SDK count them
   * @param timing the backend's own timing, or {@code null} to have the SDK measure it
   * @param device what the timing is for, or {@code null} to leave the timing's own device
   * @param deviceCount how many of {@code device}, {@code >= 0}
   * @throws NullPointerException if {@code finishReason} or {@code model} is {@code null}
   * @throws IllegalArgumentException if {@code deviceCount} is negative
   */
  public GenerationResult(FinishReason finishReason, String model, Usage usage, Timing timing,
      String device, int deviceCount) {
    this(finishReason, model, usage, timing, device, deviceCount, java.util.List.of());
  }

  /**
   * {@return this result with the model's tool calls}
   *
   * @param calls the calls, assembled, in the order the model made them; replace those set
   */
  public GenerationResult withToolCalls(java.util.List<io.infer4j.ToolCall> calls) {
    return new GenerationResult(
        finishReason, model, usage, timing, device, deviceCount, calls);
  }

  /**
   * {@return a result with only what every backend knows; the SDK counts usage and measures timing}
   *
   * @param finishReason why generation ended
   * @param model the model that answered, as the backend names it
   * @throws NullPointerException if an argument is {@code null}
   */
  public static GenerationResult of(FinishReason finishReason, String model) {
    return new GenerationResult(finishReason, model, null, null, null, 0);
  }

  /**
   * {@return this result with the token counts the backend knows}
   *
   * @param u the counts, or {@code null} to have the SDK count them
   */
  public GenerationResult withUsage(Usage u) {
    return new GenerationResult(finishReason, model, u, timing, device, deviceCount, toolCalls);
  }

  /**
   * {@return this result with the backend's own timing}
   *
   * @param t the timing, or {@code null} to have the SDK measure it
   */
  public GenerationResult withTiming(Timing t) {
    return new GenerationResult(finishReason, model, usage, t, device, deviceCount, toolCalls);
  }

  /**
   * Names the device the timing is for (applied to measured and to given timing alike).
   *
   * @param newDevice the device, as {@link Timing#device()} names it
   * @param count how many of them, {@code >= 0}
   * @return this result naming the device
   * @throws NullPointerException if {@code newDevice} is {@code null}
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public GenerationResult withDevice(String newDevice, int count) {
    return new GenerationResult(
        finishReason, model, usage, timing,
        Objects.requireNonNull(newDevice, "device"), count, toolCalls);
  }

  /** {@return the token counts the backend gave, if it gave any} */
  public Optional<Usage> reportedUsage() {
    return Optional.ofNullable(usage);
  }

  /**
   * {@return the backend's own timing, if it gave one} The client keeps a simulated one (a timing
   * model's prediction) on the response; a measured one gives way to the client's own measurement,
   * from the moment it received the request, which the response's {@link Timing} promises.
   */
  public Optional<Timing> backendTiming() {
    return Optional.ofNullable(timing);
  }
}
