/**
 * The GPU backend ({@code gpu}): CUDA kernels through FFM and NVRTC, a CPU reference path, a GPU
 * timing model. Depend on {@code io.infer4j:infer4j-backend-gpu}; it brings the model runtime.
 */
module io.infer4j.gpu {
  requires transitive io.infer4j.api;
  requires transitive io.infer4j.runtime;

  exports io.infer4j.gpu;

  provides io.infer4j.spi.BackendProvider with io.infer4j.gpu.internal.GpuBackendProvider;
}
