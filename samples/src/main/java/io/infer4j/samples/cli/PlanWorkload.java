package io.infer4j.samples.cli;

import io.infer4j.InvalidRequestException;

/**
 * The prompt and output lengths {@code plan} asks about. A flag that is given is used as given; a
 * flag that is not defaults to {@value #DEFAULT_TOKENS} tokens, shrunk to what the model's context
 * leaves: with neither flag, a context shorter than 2 x {@value #DEFAULT_TOKENS} is split in half
 * (the stories260K GGUF says 128, so 64 + 64); with one flag, the other gets the rest, up to
 * {@value #DEFAULT_TOKENS}. Lengths given by flags that do not fit are an {@link
 * InvalidRequestException} naming the flags to lower.
 *
 * @param promptTokens prompt tokens to plan for
 * @param outputTokens output tokens to plan for
 */
record PlanWorkload(int promptTokens, int outputTokens) {

  /** Each length when its flag is not given and the context has room. */
  static final int DEFAULT_TOKENS = 128;

  /**
   * @param prompt {@code --prompt-tokens}, or null when not given
   * @param output {@code --output-tokens}, or null when not given
   * @param context the model's context window in tokens
   * @param model the model's name, for messages
   * @throws InvalidRequestException when the lengths given leave no room in the context
   */
  static PlanWorkload fit(Integer prompt, Integer output, int context, String model) {
    if (prompt == null && output == null) {
      int half = Math.min(DEFAULT_TOKENS, context / 2);
      return new PlanWorkload(half, Math.min(DEFAULT_TOKENS, context - half));
    }
    if (output == null) {
      return new PlanWorkload(prompt, rest(prompt, "promptTokens", "--prompt-tokens", context, model));
    }
    if (prompt == null) {
      return new PlanWorkload(rest(output, "outputTokens", "--output-tokens", context, model), output);
    }
    if ((long) prompt + output > context) {
      throw new InvalidRequestException("outputTokens", "--prompt-tokens " + prompt
          + " + --output-tokens " + output + " = " + ((long) prompt + output)
          + " tokens exceed the " + context + "-token context of " + model
          + "; lower --prompt-tokens or --output-tokens");
    }
    return new PlanWorkload(prompt, output);
  }

  /** What the context leaves after {@code given} tokens (the value of {@code flag}), up to the default. */
  private static int rest(int given, String field, String flag, int context, String model) {
    long left = (long) context - given;
    if (left < 1 && given >= 1) {
      throw new InvalidRequestException(field, flag + " " + given + " leaves no room in the "
          + context + "-token context of " + model + "; lower " + flag);
    }
    // A given length below 1 is left for the planner to reject with its own message.
    return (int) Math.min(DEFAULT_TOKENS, Math.max(1, left));
  }
}
