package io.infer4j.gpu.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.runtime.serving.ModelSettings;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;
import java.util.Objects;

/**
 * The "gpu" backend type. Keys under {@code infer4j.backends.<name>.}: those of {@link
 * ModelSettings} ({@code model}, {@code tokenizer}, {@code context-length}, {@code kernels}) and
 * {@code device} ({@code auto}, {@code cpu} or {@code cuda}; default {@code auto}). {@code auto}
 * runs on CUDA device 0 ({@link io.infer4j.gpu.internal.cuda.CudaSequenceEngine}) when a driver,
 * a device and kernels that compile are there and the kernels can run the model, and on the CPU
 * reference path otherwise; {@code cpu} always runs the CPU path; {@code cuda} runs on CUDA or
 * fails with a non-retryable {@link BackendUnavailableException} naming the key and what is
 * missing (driver, NVRTC, device) or why the CUDA path refuses the model. Which one serves is in
 * each response's {@code timing.device} ({@code cpu-reference} or {@code cuda:<device name>}) and
 * in one INFO line on the logger {@code io.infer4j.gpu} when the instance is created (see {@link
 * DeviceChoice}). Discovery has no side effects; {@link #create} loads (memory-maps) the model.
 */
public final class GpuBackendProvider implements BackendProvider {
  /** The provider's type name. */
  public static final String NAME = "gpu";
  /** Key of the device choice. */
  public static final String DEVICE = "device";

  private final DeviceChoice.CudaOpener cuda;

  /** The provider {@link java.util.ServiceLoader} finds: CUDA device 0. */
  public GpuBackendProvider() {
    this(DeviceChoice.DEVICE_0);
  }

  /** A provider that puts models on CUDA with {@code cuda} (tests give a fake device). */
  GpuBackendProvider(DeviceChoice.CudaOpener cuda) {
    this.cuda = Objects.requireNonNull(cuda, "cuda");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Backend create(BackendConfig config) {
    GpuDevice device = config.get(DEVICE)
        .map(v -> GpuDevice.parse(config.fullKey(DEVICE), v))
        .orElse(GpuDevice.AUTO);
    ModelSettings settings = ModelSettings.from(config);
    DeviceChoice.Chosen chosen = DeviceChoice.load(config, device, settings, cuda);
    return new GpuBackend(config.instanceName(), chosen.model(), chosen.device());
  }
}
