/**
 * The remote backend: OpenAI-compatible HTTP endpoints (GroqCloud, NVIDIA NIM, OpenAI, vLLM,
 * Ollama, llama.cpp server) behind the infer4j SPI. Configure it with {@code
 * infer4j.backends.<name>.type=remote} and the keys listed in the module's README; the
 * backend itself (found through {@link java.util.ServiceLoader}) is implementation, in {@code
 * io.infer4j.remote.internal}, like the LPU and GPU backends'; the router can read {@link
 * io.infer4j.remote.RemoteBackend} for rate limits and endpoint health.
 */
package io.infer4j.remote;
