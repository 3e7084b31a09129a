package io.infer4j;

/**
 * Tokens consumed by a request.
 *
 * @param promptTokens tokens of the prompt (after the chat template), {@code >= 0}
 * @param completionTokens tokens generated, {@code >= 0}
 * @param source whether the backend reported these counts or infer4j counted them itself
 */
public record Usage(int promptTokens, int completionTokens, Source source) {

  /** Where the counts come from. */
  public enum Source {
    /** Reported by the backend, from its own tokenizer: exact. */
    REPORTED,
    /** Counted by infer4j from what it saw (chunks, a local tokenizer): an approximation. */
    COUNTED
  }

  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0: prompt=" + promptTokens + " completion=" + completionTokens);
    }
    if (source == null) {
      throw new IllegalArgumentException("source must not be null");
    }
  }

  public static Usage reported(int promptTokens, int completionTokens) {
    return new Usage(promptTokens, completionTokens, Source.REPORTED);
  }

  public static Usage counted(int promptTokens, int completionTokens) {
    return new Usage(promptTokens, completionTokens, Source.COUNTED);
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
