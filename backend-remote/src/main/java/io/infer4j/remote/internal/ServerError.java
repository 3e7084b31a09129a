package io.infer4j.remote.internal;

/**
 * An OpenAI-style {@code error} object ({@code {"error": {"message", "type", "code"}}}), from an
 * error response or from inside a stream. Fields are empty strings when absent; {@code message}
 * has already been redacted and shortened.
 */
record ServerError(String message, String type, String code) {

  ServerError {
    message = message == null ? "" : message;
    type = type == null ? "" : type;
    code = code == null ? "" : code;
  }

  /** Whether the server says the prompt does not fit the model's context window. */
  boolean isContextLength() {
    String all = (code + " " + type + " " + message).toLowerCase(java.util.Locale.ROOT);
    return all.contains("context_length") || all.contains("context length")
        || all.contains("context window") || all.contains("exceed_context_size")
        || all.contains("maximum context") || all.contains("too many tokens");
  }

  /** Whether the server says the model does not exist. */
  boolean isModelNotFound() {
    String all = (code + " " + type + " " + message).toLowerCase(java.util.Locale.ROOT);
    return all.contains("model_not_found") || all.contains("model not found")
        || (all.contains("model") && (all.contains("does not exist") || all.contains("not found")));
  }

  /** A one-line description for exception messages. */
  String describe() {
    StringBuilder b = new StringBuilder(message.isEmpty() ? "(no message)" : message);
    if (!type.isEmpty() || !code.isEmpty()) {
      b.append(" [").append(type);
      if (!code.isEmpty()) {
        b.append(type.isEmpty() ? "" : "/").append(code);
      }
      b.append(']');
    }
    return b.toString();
  }
}
