/**
 * Implementation of the GPU backend; not API, changes without notice. Datasheet figures live in
 * {@link io.infer4j.gpu.internal.GpuDatasheets}, the tuned engine's efficiencies and overheads in {@link
 * io.infer4j.gpu.internal.TimingConstants}, infer4j's measured ones in the resource read by {@link
 * io.infer4j.gpu.internal.Infer4jCudaEfficiency}.
 */
package io.infer4j.gpu.internal;
