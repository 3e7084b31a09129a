/**
 * The remote backend: OpenAI-compatible HTTP endpoints (GroqCloud, NVIDIA NIM, OpenAI, vLLM,
 * Ollama, llama.cpp server) behind the infer4j SPI. Configure it with {@code
 * infer4j.backends.<name>.type=remote} and the keys listed on {@link
 * io.infer4j.remote.RemoteBackendProvider}; the router can read {@link
 * io.infer4j.remote.RemoteBackend} for rate limits and endpoint health.
 */
package io.infer4j.remote;
