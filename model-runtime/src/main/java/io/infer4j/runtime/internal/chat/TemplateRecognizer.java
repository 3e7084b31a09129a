package io.infer4j.runtime.internal.chat;

import io.infer4j.runtime.ChatFormat;
import java.util.Optional;

/**
 * Tells which {@link ChatFormat} a Jinja chat template implements, by the markers its text
 * contains (as llama.cpp's {@code llm_chat_detect_template} does), without running it.
 */
public final class TemplateRecognizer {
  private TemplateRecognizer() {}

  /**
   * The format of {@code template}: {@code <|start_header_id|>} and {@code <|end_header_id|>}
   * mean Llama 3; {@code <|im_start|>} means ChatML; {@code [INST]} together with {@code <<SYS>>}
   * means Llama 2. Anything else (Mistral's {@code [INST]} without {@code <<SYS>>}, Gemma, Phi,
   * ...) is unknown.
   */
  public static Optional<ChatFormat> recognize(String template) {
    if (template.contains(Llama3Renderer.START_HEADER)
        && template.contains(Llama3Renderer.END_HEADER)) {
      return Optional.of(ChatFormat.LLAMA3);
    }
    if (template.contains(ChatMlRenderer.START)) {
      return Optional.of(ChatFormat.CHATML);
    }
    if (template.contains("[INST]") && template.contains("<<SYS>>")) {
      return Optional.of(ChatFormat.LLAMA2);
    }
    return Optional.empty();
  }

  /** The first {@code max} characters of {@code template} on one line, for messages. */
  public static String excerpt(String template, int max) {
    String flat = template.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max) + "...";
  }
}
