package io.infer4j.remote.internal;

import java.util.ArrayList;
import java.util.List;

/** Builds OpenAI-style SSE bodies for tests. */
final class Sse {

  private final List<String> events = new ArrayList<>();

  static Sse stream() {
    return new Sse();
  }

  /** A chunk with delta content. */
  Sse delta(String text) {
    return data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":" + json(text)
        + "},\"finish_reason\":null}],\"model\":\"m1\",\"object\":\"chat.completion.chunk\"}");
  }

  /**
   * A chunk with one tool-call fragment and no content: {@code id} and {@code name} in the first
   * fragment of a call ({@code null} in the others), {@code arguments} a piece of its JSON text.
   */
  Sse toolCall(int index, String id, String name, String arguments) {
    StringBuilder call = new StringBuilder("{\"index\":").append(index);
    if (id != null) {
      call.append(",\"id\":").append(json(id)).append(",\"type\":\"function\"");
    }
    call.append(",\"function\":{");
    if (name != null) {
      call.append("\"name\":").append(json(name)).append(',');
    }
    call.append("\"arguments\":").append(json(arguments)).append("}}");
    return data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"tool_calls\":[" + call
        + "]},\"finish_reason\":null}],\"model\":\"m1\"}");
  }

  /** A chunk with an empty delta and a finish reason. */
  Sse finish(String reason) {
    return data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}],\"model\":\"m1\"}");
  }

  /** The final usage chunk (stream_options.include_usage). */
  Sse usage(int prompt, int completion) {
    return data("{\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":"
        + completion + ",\"total_tokens\":" + (prompt + completion) + "}}");
  }

  /** The final usage chunk, {@code cached} of the prompt tokens from the prompt cache (OpenAI's form). */
  Sse usage(int prompt, int completion, int cached) {
    return data("{\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":"
        + completion + ",\"total_tokens\":" + (prompt + completion)
        + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + "}}}");
  }

  Sse data(String payload) {
    events.add("data: " + payload + "\n\n");
    return this;
  }

  Sse done() {
    events.add("data: [DONE]\n\n");
    return this;
  }

  List<String> events() {
    return List.copyOf(events);
  }

  String body() {
    return String.join("", events);
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        default: b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** A whole non-streaming chat answer. */
  static String completion(String text, String finish, int prompt, int completion) {
    return "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m1\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":" + json(text) + "},\"finish_reason\":\""
        + finish + "\"}],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":"
        + completion + "}}";
  }
}
