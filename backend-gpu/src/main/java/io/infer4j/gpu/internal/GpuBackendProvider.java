package io.infer4j.gpu.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.gpu.internal.cuda.CudaContext;
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
 * and {@code cpu} run the CPU reference path (the CUDA forward pass, {@link
 * io.infer4j.gpu.internal.cuda.CudaEngine}, is not yet wired into the serving adapter). {@code
 * cuda} opens the CUDA driver and device and fails with a non-retryable {@link
 * BackendUnavailableException}: naming what is missing (driver, NVRTC, device) when CUDA cannot
 * run, else the device found and the missing wiring. Discovery has no side effects; {@link
 * #create} loads (memory-maps) the model.
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
      throw cudaUnavailable(config);
    }
    ServingModel model = settings.load(config.instanceName());
    return new GpuBackend(config.instanceName(), model);
  }

  private static BackendUnavailableException cudaUnavailable(BackendConfig config) {
    String why;
    try (CudaContext cuda = CudaContext.open(0)) {
      why = "CUDA device " + cuda.deviceName() + " (" + cuda.capability().key() + ") was found,"
          + " but this build does not serve requests on it yet: the CUDA forward pass is not"
          + " wired into the model runtime's serving adapter";
    } catch (CudaUnavailableException e) {
      why = "CUDA cannot run here: " + e.getMessage();
    } catch (RuntimeException e) {
      why = "CUDA failed to start: " + e;
    }
    return new BackendUnavailableException(config.instanceName(),
        config.fullKey(DEVICE) + "=cuda: " + why + "; use device=auto or device=cpu to run on"
            + " the CPU reference path", false);
  }
}
