/**
 * Developer tools shipped with the runtime: {@link io.infer4j.runtime.tools.SyntheticGguf} writes
 * Llama-shaped GGUF files with random weights for benchmarks. Not needed to run models.
 */
package io.infer4j.runtime.tools;
