package io.infer4j.gpu.internal;

import io.infer4j.InferenceRequest;
import io.infer4j.runtime.serving.ServingHook;
import io.infer4j.runtime.serving.ServingModel;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import io.infer4j.spi.LatencyEstimate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The "gpu" backend: model-runtime's serving adapter with its forward passes on a CUDA device or
 * on this machine's CPU (the reference path), one model per instance (memory-mapped once, released
 * on {@link #close()}). Responses carry the measured timing, marked as measured on the device that
 * ran it ({@value #DEVICE} or {@code cuda:<device name>}).
 *
 * <p>Thread-safe: concurrent requests each get their own KV cache.
 */
final class GpuBackend implements Backend {
  /** The device name the timing of the CPU path is reported for. */
  static final String DEVICE = "cpu-reference";

  private final String instance;
  private final ServingModel model;
  private final String device;
  private final Set<Capability> capabilities;
  private final ServingHook hook;

  /** @param device what the measured timing is reported for ("cpu-reference", a GPU's name) */
  GpuBackend(String instance, ServingModel model, String device) {
    this.instance = Objects.requireNonNull(instance, "instance");
    this.model = Objects.requireNonNull(model, "model");
    this.device = Objects.requireNonNull(device, "device");
    this.hook = new ServingHook() {
      @Override
      public GenerationResult complete(GenerationResult result) {
        return result.withDevice(GpuBackend.this.device, 1);
      }
    };
    this.capabilities = model.capabilities();
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  /**
   * Empty: the GPU timing model predicts datacenter GPUs at their full speed, which neither the CPU
   * path nor (yet) the CUDA path reaches, so its predictions would mislead the router; the router
   * learns this backend's latency instead.
   */
  @Override
  public Optional<LatencyEstimate> estimate(InferenceRequest request) {
    return Optional.empty();
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    return model.start(request, deadline, hook);
  }

  /**
   * Mean-pooled final hidden states of the model, L2-normalised (see {@link
   * ServingModel#embed}); computed on the CPU reference path, also when generation runs on a CUDA
   * device.
   */
  @Override
  public io.infer4j.EmbeddingResponse embed(io.infer4j.EmbeddingRequest request, Deadline deadline) {
    return model.embed(request, deadline, instance);
  }

  /**
   * Up while the model is loaded (until {@link #close()}), with the {@code model} name and the
   * {@code device} its forward passes run on ({@value #DEVICE} or {@code cuda:<device name>}).
   */
  @Override
  public io.infer4j.spi.BackendHealth health() {
    return model.health(device);
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "GpuBackend[" + instance + ", " + model.name() + " on " + device + "]";
  }
}
