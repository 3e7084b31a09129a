package io.infer4j.remote.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infer4j.ChatMessage;
import io.infer4j.EmbeddingRequest;
import io.infer4j.InferenceRequest;
import io.infer4j.MediaPart;
import io.infer4j.ResponseFormat;
import io.infer4j.Role;
import io.infer4j.Sampling;
import io.infer4j.ToolCall;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import io.infer4j.remote.Preset;

/**
 * Writes the OpenAI wire form of a request: {@code /v1/chat/completions} for chats, {@code
 * /v1/completions} for raw prompts where the preset serves it (else the prompt is one user
 * message of a chat), {@code /v1/embeddings} for embeddings. Tools, tool calls and results,
 * response formats and media parts take the chat-completions shapes; schemas are embedded as JSON
 * objects. Per-preset quirks: OpenAI takes {@code max_completion_tokens}; only vLLM and llama.cpp
 * get the non-standard {@code top_k} and {@code min_p}. Stateless.
 */
final class RequestJson {

  private RequestJson() {}

  /**
   * Whether {@code request} goes to {@code /v1/completions} rather than chat completions: a raw
   * prompt, where the preset serves completions and no JSON answer is asked for ({@code
   * response_format} is a chat-completions parameter; OpenAI's legacy completions reject it), so a
   * raw prompt asking for JSON goes to chat completions as one user message.
   */
  static boolean toCompletions(InferenceRequest request, Preset preset) {
    return request.isRawPrompt() && preset.servesCompletions() && !request.responseFormat().isJson();
  }

  static byte[] write(
      ObjectMapper mapper, InferenceRequest request, String model, Preset preset, boolean stream,
      boolean includeUsage) {
    ObjectNode root = mapper.createObjectNode();
    if (model != null) {
      root.put("model", model);
    }
    if (toCompletions(request, preset)) {
      root.put("prompt", request.prompt());
    } else if (request.isRawPrompt()) {
      root.putArray("messages").addObject().put("role", "user").put("content", request.prompt());
    } else {
      ArrayNode messages = root.putArray("messages");
      for (ChatMessage m : request.messages()) {
        message(messages.addObject(), m);
      }
    }
    tools(mapper, root, request);
    responseFormat(mapper, root, request.responseFormat());
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
    return bytes(mapper, root);
  }

  /** {@code {model, input: [...], encoding_format: "float"}} for {@code /v1/embeddings}. */
  static byte[] write(ObjectMapper mapper, EmbeddingRequest request, String model) {
    ObjectNode root = mapper.createObjectNode();
    if (model != null) {
      root.put("model", model);
    }
    ArrayNode input = root.putArray("input");
    request.inputs().forEach(input::add);
    root.put("encoding_format", "float");
    return bytes(mapper, root);
  }

  /**
   * One message: text content, or content parts when it carries media; an assistant's {@code
   * tool_calls} (its content {@code null} when empty, as OpenAI's own clients send it); a tool
   * result's {@code tool_call_id}.
   */
  private static void message(ObjectNode out, ChatMessage m) {
    out.put("role", m.role().wireName());
    if (!m.media().isEmpty()) {
      ArrayNode parts = out.putArray("content");
      if (!m.content().isEmpty()) {
        parts.addObject().put("type", "text").put("text", m.content());
      }
      for (MediaPart part : m.media()) {
        if (part.kind() == MediaPart.Kind.IMAGE) {
          parts.addObject().put("type", "image_url").putObject("image_url").put("url", part.url());
        } else {
          parts.addObject().put("type", "input_audio").putObject("input_audio")
              .put("data", part.data()).put("format", part.format());
        }
      }
    } else if (!m.toolCalls().isEmpty() && m.content().isEmpty()) {
      out.putNull("content");
    } else {
      out.put("content", m.content());
    }
    if (!m.toolCalls().isEmpty()) {
      ArrayNode calls = out.putArray("tool_calls");
      for (ToolCall c : m.toolCalls()) {
        ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
        // The arguments are a JSON string on the wire, not an object.
        call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
      }
    }
    if (m.role() == Role.TOOL) {
      out.put("tool_call_id", m.toolCallId());
    }
  }

  /** {@code tools} and {@code tool_choice}; the choice only with tools (OpenAI refuses it alone). */
  private static void tools(ObjectMapper mapper, ObjectNode root, InferenceRequest request) {
    if (request.tools().isEmpty()) {
      return;
    }
    ArrayNode tools = root.putArray("tools");
    for (ToolDefinition t : request.tools()) {
      ObjectNode function = tools.addObject().put("type", "function").putObject("function");
      function.put("name", t.name());
      if (!t.description().isEmpty()) {
        function.put("description", t.description());
      }
      function.set("parameters", tree(mapper, t.parameters()));
    }
    ToolChoice choice = request.toolChoice();
    switch (choice.mode()) {
      case NAMED:
        root.putObject("tool_choice").put("type", "function")
            .putObject("function").put("name", choice.toolName());
        break;
      case NONE:
        root.put("tool_choice", "none");
        break;
      case REQUIRED:
        root.put("tool_choice", "required");
        break;
      default:
        root.put("tool_choice", "auto");
    }
  }

  private static void responseFormat(ObjectMapper mapper, ObjectNode root, ResponseFormat format) {
    if (format.kind() == ResponseFormat.Kind.JSON_OBJECT) {
      root.putObject("response_format").put("type", "json_object");
    } else if (format.kind() == ResponseFormat.Kind.JSON_SCHEMA) {
      ObjectNode schema = root.putObject("response_format").put("type", "json_schema")
          .putObject("json_schema");
      schema.put("name", format.name());
      schema.set("schema", tree(mapper, format.schema()));
      schema.put("strict", format.strict());
    }
  }

  /** A schema the request validated on construction, as a JSON tree. */
  private static JsonNode tree(ObjectMapper mapper, String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a validated schema does not parse", e);
    }
  }

  private static byte[] bytes(ObjectMapper mapper, ObjectNode root) {
    try {
      return mapper.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
