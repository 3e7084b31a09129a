package io.infer4j.gpu.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.runtime.serving.ModelSettings;
import io.infer4j.runtime.serving.ServingModel;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The "gpu" backend type. Keys under {@code infer4j.backends.<name>.}: those of {@link
 * ModelSettings} ({@code model}, {@code tokenizer}, {@code context-length}, {@code kernels}) and
 * {@code device} ({@code auto}, {@code cpu} or {@code cuda}; default {@code auto}). The CUDA path
 * is not implemented yet: {@code auto} runs the CPU reference path, and {@code cuda} fails with
 * {@link BackendUnavailableException} saying whether a driver was found. Discovery has no side
 * effects; {@link #create} loads (memory-maps) the model.
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
    Optional<Path> driver = CudaDriverProbe.find();
    String why = driver
        .map(p -> "a CUDA driver is present (" + p + ") but this version has no CUDA kernels yet")
        .orElse("no CUDA driver (" + CudaDriverProbe.LIBRARY + ") was found on this machine");
    return new BackendUnavailableException(config.instanceName(),
        config.fullKey(DEVICE) + "=cuda: " + why + "; use device=auto or device=cpu to run on"
            + " the CPU reference path", false);
  }
}
