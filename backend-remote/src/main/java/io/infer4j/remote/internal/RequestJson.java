package io.infer4j.remote.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infer4j.ChatMessage;
import io.infer4j.InferenceRequest;
import io.infer4j.Sampling;
import io.infer4j.remote.Preset;

/**
 * Writes the OpenAI wire form of a request: {@code /v1/chat/completions} for chats, {@code
 * /v1/completions} for raw prompts. Per-preset quirks: OpenAI takes {@code max_completion_tokens};
 * only vLLM and llama.cpp get the non-standard {@code top_k} and {@code min_p}. Stateless.
 */
final class RequestJson {

  private RequestJson() {}

  static byte[] write(
      ObjectMapper mapper, InferenceRequest request, String model, Preset preset, boolean stream,
      boolean includeUsage) {
    ObjectNode root = mapper.createObjectNode();
    if (model != null) {
      root.put("model", model);
    }
    if (request.isRawPrompt()) {
      root.put("prompt", request.prompt());
    } else {
      ArrayNode messages = root.putArray("messages");
      for (ChatMessage m : request.messages()) {
        messages.addObject().put("role", m.role().wireName()).put("content", m.content());
      }
    }
    Sampling s = request.sampling();
    root.put(preset == Preset.OPENAI ? "max_completion_tokens" : "max_tokens", s.maxTokens());
    root.put("temperature", s.temperature());
    if (s.topP() < 1.0) {
      root.put("top_p", s.topP());
    }
    if (preset.acceptsExtendedSampling()) {
      if (s.topK() > 0) {
        root.put("top_k", s.topK());
      }
      if (s.minP() > 0) {
        root.put("min_p", s.minP());
      }
    }
    if (s.seed() != null) {
      root.put("seed", s.seed());
    }
    if (!s.stop().isEmpty()) {
      ArrayNode stop = root.putArray("stop");
      s.stop().forEach(stop::add);
    }
    root.put("stream", stream);
    if (stream && includeUsage) {
      root.putObject("stream_options").put("include_usage", true);
    }
    try {
      return mapper.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
