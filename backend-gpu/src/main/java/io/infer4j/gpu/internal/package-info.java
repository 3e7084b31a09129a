/**
 * Implementation of the GPU backend; not API, changes without notice. Datasheet figures live in
 * {@link io.infer4j.gpu.internal.GpuDatasheets}, the model's efficiencies and overheads in {@link
 * io.infer4j.gpu.internal.TimingConstants}.
 */
package io.infer4j.gpu.internal;
