/**
 * Serving a loaded model through the SDK's backend SPI, shared by the in-process backends ("gpu"
 * on its CPU reference path, "lpu"): {@link io.infer4j.runtime.serving.ModelSettings} reads the
 * model keys of a backend instance and loads a {@link io.infer4j.runtime.serving.ServingModel},
 * which turns each {@link io.infer4j.InferenceRequest} into an {@link io.infer4j.spi.Generation}
 * (tokenize, sample, stop, decode). A {@link io.infer4j.runtime.serving.ServingHook} lets a backend
 * add its own timing and pacing. Everything under {@code serving.internal} is not API.
 */
package io.infer4j.runtime.serving;
