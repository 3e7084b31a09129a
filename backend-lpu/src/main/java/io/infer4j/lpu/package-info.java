/**
 * The Groq LPU simulator's public API: {@link io.infer4j.lpu.LpuPlanner} compiles a model shape
 * ({@link io.infer4j.runtime.shape.ModelShape}, or a {@link io.infer4j.runtime.shape.ModelCatalog}
 * name; both from model-runtime, shared with the GPU planner; options in {@link
 * io.infer4j.lpu.LpuPlanRequest}) onto a simulated system of Tensor Streaming Processors and
 * returns an {@link io.infer4j.lpu.LpuPlan}: chips, SRAM use, time to first token, inter-token
 * latency and throughput, from a deterministic static schedule; {@link io.infer4j.lpu.LpuPlanner#compile} gives the {@link io.infer4j.lpu.LpuProgram}
 * that times individual requests. The backend (type {@code lpu}, found through {@link
 * java.util.ServiceLoader}) answers with a real model's tokens and that timing; it has no public
 * classes. Everything under {@code io.infer4j.lpu.internal} is implementation, not API.
 */
package io.infer4j.lpu;
