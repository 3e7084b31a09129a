/**
 * The GPU backend's public API: the GPU timing model ({@link io.infer4j.gpu.GpuPlanner}), which
 * predicts latency and memory of catalog models on NVIDIA H100, H200, A100, L4 and B200 GPUs from
 * their published figures, for a tuned engine or for infer4j's own CUDA path ({@link
 * io.infer4j.gpu.GpuEngine}). The backend itself (type {@code gpu}, found through {@link
 * java.util.ServiceLoader}) has no public classes: it is configured by keys and used through
 * {@link io.infer4j.InferenceClient}; for now it runs on the CPU reference path of model-runtime.
 * Everything in {@code io.infer4j.gpu.internal} is implementation and changes without notice.
 */
package io.infer4j.gpu;
