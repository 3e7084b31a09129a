package io.infer4j.spi;

import io.infer4j.ChatMessage;
import io.infer4j.InferenceRequest;

/**
 * A rough prompt token count for backends that report none: about four characters per token,
 * the rule of thumb OpenAI gives for English text with its tokenizers, plus four tokens of chat
 * formatting per message. Responses mark such counts {@code Usage.Source.COUNTED}; the router
 * also sizes prompts with it for its prefill model. For backends (SPI); stateless.
 */
public final class PromptTokens {

  private static final double CHARS_PER_TOKEN = 4.0;
  private static final int TOKENS_PER_MESSAGE = 4;

  private PromptTokens() {}

  /**
   * {@return about how many tokens {@code request}'s prompt (or messages) takes, {@code >= 0}; at
   * least 4 per message}
   *
   * @param request the request whose prompt to count
   */
  public static int estimate(InferenceRequest request) {
    if (request.isRawPrompt()) {
      return (int) Math.ceil(request.prompt().length() / CHARS_PER_TOKEN);
    }
    int total = 0;
    for (ChatMessage m : request.messages()) {
      total += TOKENS_PER_MESSAGE + (int) Math.ceil(m.content().length() / CHARS_PER_TOKEN);
    }
    return total;
  }
}
