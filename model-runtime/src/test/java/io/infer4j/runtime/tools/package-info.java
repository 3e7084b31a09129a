/**
 * Test and benchmark fixtures, not shipped in the runtime jar (they are in model-runtime's test
 * sources and its {@code tests} jar): {@link io.infer4j.runtime.tools.SyntheticGguf} writes
 * Llama-shaped GGUF files with random weights for tests, benchmarks and the GPU device checks
 * ({@code backend-gpu/gpu-tests.sh synth}).
 */
package io.infer4j.runtime.tools;
