package io.infer4j.internal.router;

import io.infer4j.ChatMessage;
import io.infer4j.InferenceRequest;

/**
 * The router's prompt size for its prefill model: about four characters per token (OpenAI's rule
 * of thumb for English), plus four tokens of chat formatting per message. Only the trend matters,
 * since the same measure is used to learn and to predict.
 */
final class PromptSize {

  private PromptSize() {}

  static int tokens(InferenceRequest request) {
    if (request.isRawPrompt()) {
      return (request.prompt().length() + 3) / 4;
    }
    int total = 0;
    for (ChatMessage m : request.messages()) {
      total += 4 + (m.content().length() + 3) / 4;
    }
    return total;
  }
}
