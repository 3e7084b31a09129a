package io.infer4j.testing.internal;

import io.infer4j.ToolCall;

/**
 * A tool call as a cassette stores it, in an assistant message of a request key or in a recorded
 * answer: the arguments are the model's text, kept exactly. Immutable. Not API.
 */
public record ToolCallRecord(String id, String name, String arguments) {

  public ToolCallRecord {
    if (id == null || name == null || arguments == null) {
      throw new IllegalArgumentException("a tool call needs an id, a name and arguments");
    }
  }

  static ToolCallRecord of(ToolCall call) {
    return new ToolCallRecord(call.id(), call.name(), call.arguments());
  }

  ToolCall toToolCall() {
    return new ToolCall(id, name, arguments);
  }
}
