package io.infer4j.lpu.internal;

import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.lpu.LpuProgram;
import io.infer4j.runtime.serving.ServingModel;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The "lpu" backend: tokens computed on this machine's CPU by model-runtime (the same as the "gpu"
 * backend's CPU path), timing from the compiled {@link LpuProgram}, flagged as simulated and
 * reported for the chips used. Deterministic timing: the same request gives the same figures.
 *
 * <p>Thread-safe: concurrent requests each get their own KV cache and simulated clock.
 */
final class LpuBackend implements Backend {
  private final String instance;
  private final ServingModel model;
  private final LpuProgram program;
  private final LpuSettings settings;
  private final Set<Capability> capabilities;

  LpuBackend(String instance, ServingModel model, LpuProgram program, LpuSettings settings) {
    this.instance = Objects.requireNonNull(instance, "instance");
    this.model = Objects.requireNonNull(model, "model");
    this.program = Objects.requireNonNull(program, "program");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.capabilities =
        model.capabilities(Capability.SIMULATED_TIMING, Capability.LATENCY_ESTIMATE);
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /**
   * The simulated time to first token (network, queue and the prefill of the request's actual
   * prompt) and the decode step at the middle of its output, with confidence 1; empty when the
   * request cannot be served (its prompt cannot be encoded or is too long).
   */
  @Override
  public Optional<LatencyEstimate> estimate(InferenceRequest request) {
    int prompt;
    try {
      prompt = model.promptTokens(request);
    } catch (InferenceException e) {
      return Optional.empty();
    }
    int context = program.shape().maxContext();
    int middle = Math.min(context, prompt + Math.max(1, request.sampling().maxTokens()) / 2);
    Duration ttft = settings.networkLatency().plus(settings.queueDelay())
        .plus(program.prefill(prompt));
    return Optional.of(new LatencyEstimate(ttft, program.decodeStep(Math.max(1, middle)), 1.0));
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    return model.start(request, deadline, new LpuTimeline(program, settings));
  }

  /**
   * Mean-pooled final hidden states of the model, L2-normalised (see {@link
   * ServingModel#embed}); computed on this machine's CPU, with no simulated timing.
   */
  @Override
  public io.infer4j.EmbeddingResponse embed(io.infer4j.EmbeddingRequest request, Deadline deadline) {
    return model.embed(request, deadline, instance);
  }

  /**
   * Up while the model is loaded (until {@link #close()}), with the {@code model} name, the {@code
   * device} ({@code lpu}, simulated) and the {@code chips} of the compiled system and {@code
   * chips_used} holding weights or KV cache.
   */
  @Override
  public io.infer4j.spi.BackendHealth health() {
    return model.health("lpu")
        .with("chips", program.chips())
        .with("chips_used", program.chipsUsed());
  }

  /** The compiled program (for tests and diagnostics). */
  LpuProgram program() {
    return program;
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "LpuBackend[" + instance + ", " + program + ", pacing " + settings.pacing().id() + "]";
  }
}
