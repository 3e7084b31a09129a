package io.infer4j.testing.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.infer4j.ChatMessage;
import io.infer4j.InferenceRequest;
import io.infer4j.MediaPart;
import io.infer4j.ResponseFormat;
import io.infer4j.Sampling;
import io.infer4j.ToolChoice;
import io.infer4j.ToolDefinition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The stable, canonical form of a request under which a cassette stores its response: the prompt
 * or the messages (with their tool calls, tool results and media), the model, the sampling
 * parameters, and the tools, tool choice and response format. The latency budget is left out (it
 * changes nothing in the answer), so a replayed test may use any budget. Two requests with equal
 * keys get the same recording. Immutable; written to cassettes as JSON. Not API.
 *
 * <p>The tools, tool choice and response format are written only when the request has them, so a
 * plain request's key reads as it did in version 1 cassettes, and a version 1 key (which lacks
 * them) equals the key of the same plain request now.
 *
 * @param prompt the raw prompt, or {@code null} for a chat
 * @param messages the chat, empty for a raw prompt
 * @param model the requested model, or {@code null} for the backend's default
 * @param tools the offered tools; empty for none
 * @param toolChoice {@code none}, {@code required} or {@code tool:<name>}; {@code null} for auto
 * @param responseFormat the JSON form asked for; {@code null} for text
 */
public record RequestKey(
    String prompt,
    List<Message> messages,
    String model,
    int maxTokens,
    double temperature,
    double topP,
    int topK,
    double minP,
    Long seed,
    List<String> stop,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Tool> tools,
    @JsonInclude(JsonInclude.Include.NON_NULL) String toolChoice,
    @JsonInclude(JsonInclude.Include.NON_NULL) Format responseFormat) {

  /**
   * One chat message: role in lower case ({@code system}, {@code user}, {@code assistant}, {@code
   * tool}), the tool calls of an assistant message, the call a tool message answers, and the media
   * of a user message ({@code image <url>} for a web image, else the kind and the SHA-256 of the
   * bytes, which keeps cassettes small).
   */
  public record Message(
      String role,
      String content,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCallRecord> toolCalls,
      @JsonInclude(JsonInclude.Include.NON_NULL) String toolCallId,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> media) {
    public Message {
      if (role == null || content == null) {
        throw new IllegalArgumentException("a message needs a role and a content");
      }
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
      media = media == null ? List.of() : List.copyOf(media);
    }
  }

  /** One offered tool, its parameter schema as JSON (compared as JSON, not as text). */
  public record Tool(String name, String description, JsonNode parameters) {}

  /** A JSON response format: {@code json_object} or {@code json_schema} with name and schema. */
  public record Format(String kind, String name, JsonNode schema, boolean strict) {}

  public RequestKey {
    messages = messages == null ? List.of() : List.copyOf(messages);
    stop = stop == null ? List.of() : List.copyOf(stop);
    tools = tools == null ? List.of() : List.copyOf(tools);
    toolChoice = "auto".equals(toolChoice) ? null : toolChoice;
    if (prompt == null && messages.isEmpty()) {
      throw new IllegalArgumentException("a request needs a prompt or messages");
    }
  }

  /** The key of a request. */
  public static RequestKey of(InferenceRequest request) {
    Sampling s = request.sampling();
    List<Message> messages = request.messages().stream()
        .map(RequestKey::message)
        .toList();
    List<Tool> tools = request.tools().stream().map(RequestKey::tool).toList();
    return new RequestKey(
        request.prompt(), messages, request.model(), s.maxTokens(), s.temperature(), s.topP(),
        s.topK(), s.minP(), s.seed(), s.stop(), tools, choice(request.toolChoice()),
        format(request.responseFormat()));
  }

  private static Message message(ChatMessage m) {
    return new Message(
        m.role().name().toLowerCase(Locale.ROOT), m.content(),
        m.toolCalls().stream().map(ToolCallRecord::of).toList(),
        m.toolCallId(),
        m.media().stream().map(RequestKey::media).toList());
  }

  private static String media(MediaPart part) {
    if (part.kind() == MediaPart.Kind.IMAGE) {
      return part.url().regionMatches(true, 0, "data:", 0, 5)
          ? "image sha256:" + sha256(part.url())
          : "image " + part.url();
    }
    return "audio " + part.format() + " sha256:" + sha256(part.data());
  }

  private static Tool tool(ToolDefinition t) {
    return new Tool(t.name(), t.description(), FakeJson.tree(t.parameters()));
  }

  private static String choice(ToolChoice c) {
    switch (c.mode()) {
      case AUTO:
        return null;
      case NAMED:
        return "tool:" + c.toolName();
      default:
        return c.mode().name().toLowerCase(Locale.ROOT);
    }
  }

  private static Format format(ResponseFormat f) {
    if (!f.isJson()) {
      return null;
    }
    JsonNode schema = f.schema() == null ? null : FakeJson.tree(f.schema());
    return new Format(f.kind().name().toLowerCase(Locale.ROOT), f.name(), schema, f.strict());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** A one-line description for error messages: the text, abbreviated, and the parameters. */
  public String describe() {
    String text = prompt != null
        ? "prompt \"" + abbreviate(prompt) + "\""
        : messages.size() + " message(s), last \"" + abbreviate(messages.get(messages.size() - 1).content()) + "\"";
    return text + " (model " + (model == null ? "default" : model) + ", maxTokens " + maxTokens
        + ", temperature " + temperature + ", topP " + topP + ", topK " + topK + ", minP " + minP
        + ", seed " + seed + ", stop " + stop
        + (tools.isEmpty() ? "" : ", tools " + tools.stream().map(Tool::name).toList())
        + (toolChoice == null ? "" : ", toolChoice " + toolChoice)
        + (responseFormat == null ? "" : ", responseFormat " + responseFormat.kind()
            + (responseFormat.name() == null ? "" : " " + responseFormat.name()))
        + ")";
  }

  private static String abbreviate(String s) {
    String oneLine = s.replace("\n", "\\n");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }
}
