package io.infer4j.remote.internal;

/**
 * What every attempt of one request sends, and how its answer comes: the path under the base URL
 * ({@code chat/completions}, {@code completions}, {@code embeddings}), the JSON body, whether it is
 * streamed (SSE) or whole, the model (for error messages) and the most bytes the answer may take.
 *
 * @param body written once and never changed (each attempt sends the same bytes)
 */
record Exchange(String path, byte[] body, boolean stream, String model, ResponseCaps caps) {}
