package io.infer4j;

import java.util.Objects;
import java.util.Optional;

/**
 * Tokens consumed by a request, the part of the prompt a provider served from its prompt cache,
 * and what the request cost where a price is known.
 *
 * <p>Remote backends report cached tokens where the provider does ({@code
 * usage.prompt_tokens_details.cached_tokens}: OpenAI, GroqCloud, vLLM with prompt-token details
 * on) and a cost where a price is configured ({@code price-input-per-million}, {@code
 * price-output-per-million}) or listed for the preset's model. In-process backends report neither.
 *
 * @param promptTokens tokens of the prompt (after the chat template), {@code >= 0}; includes the
 *     cached ones
 * @param completionTokens tokens generated, {@code >= 0}
 * @param source whether the backend reported these counts or infer4j counted them itself
 * @param cachedPromptTokens the part of {@code promptTokens} the provider served from its prompt
 *     cache (usually billed at a lower price), in {@code [0, promptTokens]}; 0 when none were, or
 *     when the provider does not say
 * @param cost the cost of the request in US dollars with the price's source; empty when no price
 *     is known (infer4j's backends price only {@link Source#REPORTED} counts, not estimates)
 */
public record Usage(
    int promptTokens, int completionTokens, Source source, int cachedPromptTokens,
    Optional<Cost> cost) {

  /** Where the counts come from. */
  public enum Source {
    /** Reported by the backend, from its own tokenizer: exact. */
    REPORTED,
    /** Counted by infer4j from what it saw (chunks, a local tokenizer): an approximation. */
    COUNTED
  }

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative, {@code cachedPromptTokens} exceeds
   *     {@code promptTokens}, or {@code source} or {@code cost} is {@code null}
   */
  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0: prompt=" + promptTokens + " completion=" + completionTokens);
    }
    if (source == null) {
      throw new IllegalArgumentException("source must not be null");
    }
    if (cachedPromptTokens < 0 || cachedPromptTokens > promptTokens) {
      throw new IllegalArgumentException("cachedPromptTokens must be in [0, promptTokens="
          + promptTokens + "]: " + cachedPromptTokens);
    }
    if (cost == null) {
      throw new IllegalArgumentException("cost must not be null (Optional.empty() when unknown)");
    }
  }

  /**
   * Counts without cached tokens and without a cost (the shape before they were added).
   *
   * @param promptTokens tokens of the prompt, {@code >= 0}
   * @param completionTokens tokens generated, {@code >= 0}
   * @param source whether the backend reported the counts or infer4j counted them
   * @throws IllegalArgumentException if a count is negative or {@code source} is {@code null}
   */
  public Usage(int promptTokens, int completionTokens, Source source) {
    this(promptTokens, completionTokens, source, 0, Optional.empty());
  }

  /**
   * Counts the backend reported, without cached tokens or cost.
   *
   * @param promptTokens tokens of the prompt, {@code >= 0}
   * @param completionTokens tokens generated, {@code >= 0}
   * @return the usage
   * @throws IllegalArgumentException if a count is negative
   */
  public static Usage reported(int promptTokens, int completionTokens) {
    return new Usage(promptTokens, completionTokens, Source.REPORTED);
  }

  /**
   * Counts the backend reported, {@code cachedPromptTokens} of the prompt served from its prompt
   * cache; without cost.
   *
   * @param promptTokens tokens of the prompt, {@code >= 0}, cached ones included
   * @param completionTokens tokens generated, {@code >= 0}
   * @param cachedPromptTokens the prompt tokens served from the cache, in {@code [0,
   *     promptTokens]}
   * @return the usage
   * @throws IllegalArgumentException if a count is out of range
   */
  public static Usage reported(int promptTokens, int completionTokens, int cachedPromptTokens) {
    return new Usage(
        promptTokens, completionTokens, Source.REPORTED, cachedPromptTokens, Optional.empty());
  }

  /**
   * Counts infer4j made itself, without cached tokens or cost.
   *
   * @param promptTokens tokens of the prompt, {@code >= 0}
   * @param completionTokens tokens generated, {@code >= 0}
   * @return the usage
   * @throws IllegalArgumentException if a count is negative
   */
  public static Usage counted(int promptTokens, int completionTokens) {
    return new Usage(promptTokens, completionTokens, Source.COUNTED);
  }

  /**
   * These counts with {@code cached} of the prompt tokens served from the prompt cache.
   *
   * @param cached the prompt tokens served from the cache, in {@code [0, promptTokens]}
   * @return the new usage
   * @throws IllegalArgumentException if {@code cached} is out of range
   */
  public Usage withCachedPromptTokens(int cached) {
    return new Usage(promptTokens, completionTokens, source, cached, cost);
  }

  /**
   * These counts with the cost of the request.
   *
   * @param c the cost of the request
   * @return the new usage
   * @throws NullPointerException if {@code c} is {@code null}
   */
  public Usage withCost(Cost c) {
    return new Usage(promptTokens, completionTokens, source, cachedPromptTokens,
        Optional.of(Objects.requireNonNull(c, "cost")));
  }

  /** {@return the prompt tokens not served from the prompt cache: {@code promptTokens - cachedPromptTokens}} */
  public int uncachedPromptTokens() {
    return promptTokens - cachedPromptTokens;
  }

  /** {@return the prompt and completion tokens together} */
  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
