/**
 * Planning without weights: {@link io.infer4j.runtime.shape.ModelShape} (the sizes of a
 * Llama-family decoder and the parameter counts derived from them), {@link
 * io.infer4j.runtime.shape.ModelCatalog} (the shapes of public architectures by name), and {@link
 * io.infer4j.runtime.shape.PublishedFigure} / {@link io.infer4j.runtime.shape.PublishedFigures}
 * (published performance figures, read from a CSV, to validate a timing model against). Used by
 * the LPU and GPU planners; everything under {@code internal} is not API.
 */
package io.infer4j.runtime.shape;
