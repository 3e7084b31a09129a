/**
 * The GPU backend's public API. For now: the GPU timing model ({@link io.infer4j.gpu.GpuPlanner}),
 * which predicts latency and memory of catalog models on NVIDIA H100, H200, A100, L4 and B200 GPUs
 * from their published figures. Everything in {@code io.infer4j.gpu.internal} is implementation and
 * changes without notice.
 */
package io.infer4j.gpu;
