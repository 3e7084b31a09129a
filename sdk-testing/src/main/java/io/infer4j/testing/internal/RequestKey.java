package io.infer4j.testing.internal;

import io.infer4j.ChatMessage;
import io.infer4j.InferenceRequest;
import io.infer4j.Sampling;
import java.util.List;

/**
 * The stable, canonical form of a request under which a cassette stores its response: the prompt
 * or the messages, the model and the sampling parameters. The latency budget is left out (it
 * changes nothing in the answer), so a replayed test may use any budget. Two requests with equal
 * keys get the same recording. Immutable; written to cassettes as JSON. Not API.
 *
 * @param prompt the raw prompt, or {@code null} for a chat
 * @param messages the chat, empty for a raw prompt
 * @param model the requested model, or {@code null} for the backend's default
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
    List<String> stop) {

  /** One chat message: role in lower case ({@code system}, {@code user}, {@code assistant}). */
  public record Message(String role, String content) {
    public Message {
      if (role == null || content == null) {
        throw new IllegalArgumentException("a message needs a role and a content");
      }
    }
  }

  public RequestKey {
    messages = messages == null ? List.of() : List.copyOf(messages);
    stop = stop == null ? List.of() : List.copyOf(stop);
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
    return new RequestKey(
        request.prompt(), messages, request.model(), s.maxTokens(), s.temperature(), s.topP(),
        s.topK(), s.minP(), s.seed(), s.stop());
  }

  private static Message message(ChatMessage m) {
    return new Message(m.role().name().toLowerCase(java.util.Locale.ROOT), m.content());
  }

  /** A one-line description for error messages: the text, abbreviated, and the parameters. */
  public String describe() {
    String text = prompt != null
        ? "prompt \"" + abbreviate(prompt) + "\""
        : messages.size() + " message(s), last \"" + abbreviate(messages.get(messages.size() - 1).content()) + "\"";
    return text + " (model " + (model == null ? "default" : model) + ", maxTokens " + maxTokens
        + ", temperature " + temperature + ", topP " + topP + ", topK " + topK + ", minP " + minP
        + ", seed " + seed + ", stop " + stop + ")";
  }

  private static String abbreviate(String s) {
    String oneLine = s.replace("\n", "\\n");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }
}
