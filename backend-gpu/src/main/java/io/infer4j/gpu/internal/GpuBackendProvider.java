package io.infer4j.gpu.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.gpu.internal.cuda.CudaSequenceEngine;
import io.infer4j.gpu.internal.cuda.CudaUnavailableException;
import io.infer4j.runtime.serving.ModelSettings;
import io.infer4j.runtime.serving.ServingModel;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;

/**
 * The "gpu" backend type. Keys under {@code infer4j.backends.<name>.}: those of {@link
 * ModelSettings} ({@code model}, {@code tokenizer}, {@code context-length}, {@code kernels}) and
 * {@code device} ({@code auto}, {@code cpu} or {@code cuda}; default {@code auto}). {@code auto}
 * and {@code cpu} run the CPU reference path. {@code cuda} uploads the model to CUDA device 0 and
 * runs the forward passes there ({@link io.infer4j.gpu.internal.cuda.CudaSequenceEngine}; not yet
 * verified on a GPU, hence opt-in), and fails with a non-retryable {@link
 * BackendUnavailableException} naming what is missing (driver, NVRTC, device) when CUDA cannot
 * run. Discovery has no side effects; {@link #create} loads (memory-maps) the model.
 */
public final class GpuBackendProvider implements BackendProvider {
  /** The provider's type name. */
  public static final String NAME = "gpu";
  /** Key of the device choice. */
  public static final String DEVICE = "device";

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
    if (device == GpuDevice.CUDA) {
      try {
        String[] deviceName = {"cuda"};
        ServingModel model = settings.load(config.instanceName(), m -> {
          CudaSequenceEngine engine = CudaSequenceEngine.open(0, m);
          deviceName[0] = "cuda:" + engine.deviceName();
          return engine;
        });
        return new GpuBackend(config.instanceName(), model, deviceName[0]);
      } catch (CudaUnavailableException e) {
        throw cudaUnavailable(config, e);
      }
    }
    ServingModel model = settings.load(config.instanceName());
    return new GpuBackend(config.instanceName(), model);
  }

  private static BackendUnavailableException cudaUnavailable(
      BackendConfig config, CudaUnavailableException e) {
    return new BackendUnavailableException(config.instanceName(),
        config.fullKey(DEVICE) + "=cuda: CUDA cannot run here: " + e.getMessage()
            + "; use device=auto or device=cpu to run on the CPU reference path", false, e);
  }
}
