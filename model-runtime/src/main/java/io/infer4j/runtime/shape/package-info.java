/**
 * Planning without weights: {@link io.infer4j.runtime.shape.ModelShape} (the sizes of a
 * Llama-family decoder and the parameter counts derived from them) and {@link
 * io.infer4j.runtime.shape.ModelCatalog} (the shapes of public architectures by name). Used by the
 * LPU and GPU planners; everything under {@code internal} is not API. The published figures the
 * planners are validated against are read by test code ({@code PublishedFigures} in the test
 * sources).
 */
package io.infer4j.runtime.shape;

