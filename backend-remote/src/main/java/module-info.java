/**
 * Backends for OpenAI-compatible endpoints (GroqCloud, NVIDIA NIM, OpenAI, vLLM, Ollama,
 * llama.cpp server) over OkHttp. Depend on {@code io.infer4j:infer4j-backend-remote} and select
 * it with {@code infer4j.backend}.
 */
module io.infer4j.remote {
  requires transitive io.infer4j.api;
  requires okhttp3;
  requires okhttp3.sse;
  requires okio;
  requires com.fasterxml.jackson.databind;
  requires java.logging;

  exports io.infer4j.remote;

  provides io.infer4j.spi.BackendProvider with io.infer4j.remote.internal.RemoteBackendProvider;
}
