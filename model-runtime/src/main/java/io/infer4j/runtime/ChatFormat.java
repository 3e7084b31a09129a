package io.infer4j.runtime;

import java.util.Locale;

/**
 * The chat prompt formats the runtime can render (see {@link ChatTemplate}). A closed set: a model
 * whose template is none of these is refused rather than prompted in a format it was not trained
 * on.
 */
public enum ChatFormat {
  /**
   * Llama 3: {@code <|begin_of_text|><|start_header_id|>ROLE<|end_header_id|>\n\nTEXT<|eot_id|>}
   * per message, content trimmed; the turn ends with {@code <|eot_id|>}.
   */
  LLAMA3,
  /**
   * ChatML (Qwen, SmolLM, ...): {@code <|im_start|>ROLE\nTEXT<|im_end|>\n} per message; the turn
   * ends with {@code <|im_end|>}.
   */
  CHATML,
  /**
   * Llama 2 chat: {@code <s>[INST] <<SYS>>\nSYSTEM\n<</SYS>>\n\nUSER [/INST] ASSISTANT </s>};
   * roles must alternate user/assistant after an optional first system message; the turn ends
   * with EOS.
   */
  LLAMA2;

  /** {@return the lower-case name used in messages and configuration ({@code llama3}, ...)} */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
