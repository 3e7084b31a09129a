package io.infer4j.remote.internal;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infer4j.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads chat-completion payloads in every dialect the presets produce: streamed chunks ({@code
 * choices[0].delta.content}), whole chat answers ({@code choices[0].message.content}) and raw
 * completions ({@code choices[0].text}); {@code choices: null}, a missing {@code delta} and unknown
 * fields are tolerated. Tool calls come as fragments from {@code choices[0].delta.tool_calls} (a
 * stream) or whole from {@code choices[0].message.tool_calls}; {@link ToolCallAssembly} joins them.
 * Usage comes from, in order of preference: {@code usage} (the final usage
 * chunk, or NIM's cumulative per-chunk usage, of which the last one wins), Groq's {@code
 * x_groq.usage}, then llama.cpp's {@code timings} ({@code prompt_n} + {@code cache_n}, {@code
 * predicted_n}). The prompt tokens served from the provider's prompt cache come from the usage
 * object's {@code prompt_tokens_details.cached_tokens} (OpenAI, GroqCloud, vLLM with {@code
 * --enable-prompt-tokens-details}, llama.cpp since ggml-org/llama.cpp#19361) or llama.cpp's
 * {@code timings.cache_n}; 0 where the payload has neither.
 * Thread-safe.
 */
final class ChunkParser {

  /** Longest server message kept in an exception message, in characters. */
  static final int MAX_MESSAGE = 300;

  /**
   * Longest bad token a parse error quotes, in characters. Jackson's default, 256, would cut a
   * longer echoed key into a prefix that no redaction recognises; quoted whole, it is masked, and
   * {@link #clean} shortens the message after that.
   */
  private static final int MAX_QUOTED_TOKEN = 4096;

  private final ObjectMapper mapper;
  private final ApiKey key;

  ChunkParser(ObjectMapper mapper, ApiKey key) {
    this.mapper = mapper;
    this.key = key;
  }

  /** The mapper this parser needs: parse errors quote bad tokens whole (see MAX_QUOTED_TOKEN). */
  static ObjectMapper newMapper() {
    return new ObjectMapper(JsonFactory.builder()
        .errorReportConfiguration(
            ErrorReportConfiguration.builder().maxErrorTokenLength(MAX_QUOTED_TOKEN).build())
        .build());
  }

  /**
   * Parses one payload.
   *
   * @throws IOException when the payload is not a JSON object; its message, which may quote the
   *     payload, is redacted and shortened
   */
  ParsedChunk parse(String json) throws IOException {
    JsonNode root = object(json);
    ServerError error = error(root);
    String text = null;
    String finish = null;
    String stopReason = null;
    List<ToolCallPart> calls = List.of();
    JsonNode choices = root.get("choices");
    if (choices != null && choices.isArray() && choices.size() > 0) {
      JsonNode c = choices.get(0);
      text = firstText(c.path("delta").path("content"), c.path("message").path("content"),
          c.path("text"));
      finish = textOrNull(c.get("finish_reason"));
      JsonNode sr = c.get("stop_reason");
      stopReason = sr != null && sr.isTextual() ? sr.asText() : null;
      calls = toolCalls(c.path("delta").path("tool_calls"), false);
      if (calls.isEmpty()) {
        calls = toolCalls(c.path("message").path("tool_calls"), true);
      }
    }
    return new ParsedChunk(
        text, finish, stopReason, usage(root), textOrNull(root.get("model")), error, calls);
  }

  /**
   * Reads one payload as a JSON object.
   *
   * @throws IOException when it is not one; its message, which may quote the payload, is redacted
   *     and shortened
   */
  JsonNode object(String json) throws IOException {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IOException(clean(e.getOriginalMessage())); // without the location line
    }
    if (root == null || !root.isObject()) {
      throw new IOException("payload is not a JSON object");
    }
    return root;
  }

  /** The error object of an error body, or {@code null} when the body is not one. */
  ServerError errorBody(String body) {
    try {
      JsonNode root = mapper.readTree(body);
      return root != null && root.isObject() ? error(root) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The {@code error} object of a payload, or {@code null} when it has none. */
  ServerError error(JsonNode root) {
    JsonNode e = root.get("error");
    if (e == null || e.isNull()) {
      return null;
    }
    if (e.isTextual()) { // {"error": "message"} (Ollama, some proxies)
      return new ServerError(clean(e.asText()), null, null);
    }
    return new ServerError(
        clean(textOrNull(e.get("message"))), textOrNull(e.get("type")), codeOf(e.get("code")));
  }

  private static String codeOf(JsonNode code) {
    if (code == null || code.isNull()) {
      return null;
    }
    return code.asText();
  }

  /**
   * Redacts the key and shortens a server-supplied message, in that order: shortening first could
   * leave a prefix of the key.
   */
  String clean(String message) {
    if (message == null) {
      return null;
    }
    String m = key.redact(message).replaceAll("[\\r\\n\\t]+", " ").trim();
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
  }

  private static Usage usage(JsonNode root) {
    Usage u = openAiUsage(root.get("usage"));
    if (u == null) {
      u = openAiUsage(root.path("x_groq").get("usage"));
    }
    if (u == null) {
      JsonNode t = root.get("timings");
      if (t != null && t.isObject() && t.path("prompt_n").isNumber() && t.path("predicted_n").isNumber()) {
        // prompt_n counts the prompt tokens processed now; cache_n, where sent, those reused from
        // the slot's cache (ollama/ollama#16428 adds them up the same way).
        int cached = t.path("cache_n").isNumber() ? Math.max(0, t.get("cache_n").asInt()) : 0;
        int processed = Math.max(0, t.get("prompt_n").asInt());
        int prompt = (int) Math.min(Integer.MAX_VALUE, (long) processed + cached);
        u = Usage.reported(prompt, Math.max(0, t.get("predicted_n").asInt()), Math.min(cached, prompt));
      }
    }
    return u;
  }

  private static Usage openAiUsage(JsonNode u) {
    if (u == null || !u.isObject()) {
      return null;
    }
    JsonNode p = u.get("prompt_tokens");
    JsonNode c = u.get("completion_tokens");
    if (p == null || c == null || !p.isNumber() || !c.isNumber()) {
      return null;
    }
    int prompt = Math.max(0, p.asInt());
    JsonNode cached = u.path("prompt_tokens_details").path("cached_tokens");
    // A server that reports more cached tokens than prompt tokens is wrong about one of them; the
    // cached count, which the answer does not depend on, is the one capped.
    int cachedTokens = cached.isNumber() ? Math.min(prompt, Math.max(0, cached.asInt())) : 0;
    return Usage.reported(prompt, Math.max(0, c.asInt()), cachedTokens);
  }

  /**
   * The tool-call parts of {@code calls}: a stream's fragments, each naming its call by {@code
   * index} (its position when a server leaves it out), or ({@code whole}) complete calls, each
   * its own index. Arguments are a JSON string on the wire; a server that sends an object gets
   * its JSON text.
   */
  private static List<ToolCallPart> toolCalls(JsonNode calls, boolean whole) {
    if (!calls.isArray() || calls.isEmpty()) {
      return List.of();
    }
    List<ToolCallPart> parts = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      JsonNode call = calls.get(i);
      JsonNode index = call.get("index");
      JsonNode function = call.path("function");
      JsonNode args = function.get("arguments");
      String arguments = args == null || args.isNull() ? null
          : args.isTextual() ? args.asText() : args.toString();
      parts.add(new ToolCallPart(
          whole || index == null || !index.canConvertToInt() ? i : index.asInt(),
          textOrNull(call.get("id")), textOrNull(function.get("name")), arguments));
    }
    return parts;
  }

  private static String firstText(JsonNode... candidates) {
    for (JsonNode n : candidates) {
      if (n != null && n.isTextual()) {
        return n.asText();
      }
    }
    return null;
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
