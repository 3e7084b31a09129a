package io.infer4j.runtime;

import io.infer4j.InvalidRequestException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Generates tokens as llama2.c's {@code run.c} does: feed the prompt one position at a time (prompt
 * tokens are forced, not sampled), then sample; stop when a stop token (the tokenizer's BOS, its
 * {@link Tokenizer#endOfGenerationIds()} (EOS, and llama.cpp's end-of-turn tokens for a GGUF
 * vocabulary), and any extra ones given, such as {@link ChatTemplate#stopTokenIds()}) is sampled,
 * when the position limit is reached, or when the context is full. Pull-based: each {@link
 * #next()} runs forward passes until it has one new token.
 *
 * <p>Not thread-safe: one thread drives a generator. Abandoning it releases nothing but memory.
 */
public final class Generator {
  /** {@link #next()}'s value once the generator has stopped. */
  public static final int END = -1;

  private final Session session;
  private final Sampler sampler;
  private final int[] prompt;
  private final int maxPositions;
  private final int bos;
  private final Set<Integer> endOfGeneration;
  private final Set<Integer> extraStops;
  private int[] tokens;
  private int count;
  private int position;
  private StopReason stopReason;

  private Generator(
      LlamaModel model, int[] prompt, Sampler sampler, int maxPositions, Set<Integer> stops) {
    Objects.requireNonNull(model, "model");
    this.sampler = Objects.requireNonNull(sampler, "sampler");
    if (prompt.length == 0) {
      throw new InvalidRequestException("prompt", "needs at least one token (an empty text gives"
          + " none where the vocabulary puts no BOS in front: Tokenizer.addsBos)");
    }
    int context = model.config().contextLength();
    if (prompt.length > context) {
      throw new InvalidRequestException(
          "prompt", prompt.length + " tokens exceed the model's context length " + context);
    }
    for (int t : prompt) {
      Objects.checkIndex(t, model.config().vocabSize());
    }
    if (maxPositions < 0) {
      throw new InvalidRequestException("maxTokens", "must not be negative: " + maxPositions);
    }
    this.session = model.newSession();
    this.prompt = prompt.clone();
    this.maxPositions = maxPositions;
    this.bos = model.tokenizer().bosId();
    this.endOfGeneration = model.tokenizer().endOfGenerationIds();
    this.extraStops = Set.copyOf(stops);
    this.tokens = Arrays.copyOf(prompt, prompt.length + 16);
    this.count = prompt.length;
  }

  /**
   * run.c's loop: at most {@code steps} positions in all, prompt included ({@code run -n}).
   *
   * @param model the loaded model; the generator opens its own session on it
   * @param prompt the prompt ids, starting with BOS as run.c encodes them
   * @param sampler picks each new token from the logits
   * @param steps the most positions, prompt included
   * @return the generator, before its first token
   * @throws InvalidRequestException if the prompt is empty or longer than the context
   */
  public static Generator llama2c(LlamaModel model, int[] prompt, Sampler sampler, int steps) {
    return new Generator(model, prompt, sampler, steps, Set.of());
  }

  /**
   * At most {@code maxNewTokens} new tokens after {@code prompt}.
   *
   * @param model the loaded model; the generator opens its own session on it
   * @param prompt the prompt ids, BOS included where the model expects it
   * @param sampler picks each new token from the logits
   * @param maxNewTokens the most tokens to generate; 0 generates none
   * @return the generator, before its first token
   * @throws InvalidRequestException if the prompt is empty or longer than the context, or {@code
   *     maxNewTokens} is negative
   */
  public static Generator completion(
      LlamaModel model, int[] prompt, Sampler sampler, int maxNewTokens) {
    return completion(model, prompt, sampler, maxNewTokens, Set.of());
  }

  /**
   * At most {@code maxNewTokens} new tokens after {@code prompt}, stopping also at any of {@code
   * stopTokens} (e.g. {@link ChatTemplate#stopTokenIds()}); stop tokens are not returned.
   *
   * @param model the loaded model; the generator opens its own session on it
   * @param prompt the prompt ids, BOS included where the model expects it
   * @param sampler picks each new token from the logits
   * @param maxNewTokens the most tokens to generate; 0 generates none
   * @param stopTokens ids that end the answer besides BOS and {@link
   *     Tokenizer#endOfGenerationIds()}; may be empty, not null
   * @return the generator, before its first token
   * @throws InvalidRequestException if the prompt is empty or longer than the context, or {@code
   *     maxNewTokens} is negative
   */
  public static Generator completion(
      LlamaModel model, int[] prompt, Sampler sampler, int maxNewTokens, Set<Integer> stopTokens) {
    if (maxNewTokens < 0) {
      throw new InvalidRequestException("maxTokens", "must not be negative: " + maxNewTokens);
    }
    Objects.requireNonNull(stopTokens, "stopTokens");
    long steps = Math.min(Integer.MAX_VALUE, (long) prompt.length - 1 + maxNewTokens);
    return new Generator(model, prompt, sampler, maxNewTokens == 0 ? 0 : (int) steps, stopTokens);
  }

  /**
   * {@return the next generated token, or {@link #END} once stopped (see {@link #stopReason()})}
   *
   * @throws IllegalStateException if the model was closed
   */
  public int next() {
    while (stopReason == null) {
      if (position >= maxPositions) {
        stopReason = StopReason.STEP_LIMIT;
        break;
      }
      if (position >= session.contextLength()) {
        stopReason = StopReason.CONTEXT_FULL;
        break;
      }
      float[] logits;
      if (position == 0 && prompt.length > 1 && session.feedsPromptWhole()
          && prompt.length <= Math.min(maxPositions, session.contextLength())) {
        logits = session.forward(tokens, 0, prompt.length); // the prompt as one batch
        position = prompt.length - 1; // where the loop would stand after forcing the prompt
      } else {
        logits = session.forward(tokens[position]);
      }
      boolean forced = position < prompt.length - 1;
      int next = forced ? prompt[position + 1] : sampler.sample(logits);
      position++;
      if (forced) {
        continue;
      }
      if (next == bos || endOfGeneration.contains(next) || extraStops.contains(next)) {
        stopReason = StopReason.STOP_TOKEN;
        break;
      }
      append(next);
      return next;
    }
    return END;
  }

  private void append(int token) {
    if (count == tokens.length) {
      tokens = Arrays.copyOf(tokens, count * 2);
    }
    tokens[count++] = token;
  }

  /** {@return why it stopped, or null while it can still produce tokens} */
  public StopReason stopReason() {
    return stopReason;
  }

  /** {@return the prompt followed by every token generated so far (stop tokens are not included)} */
  public int[] tokens() {
    return Arrays.copyOf(tokens, count);
  }

  /** {@return tokens generated so far} */
  public int generatedCount() {
    return count - prompt.length;
  }

  /** {@return the prompt's length in tokens} */
  public int promptLength() {
    return prompt.length;
  }
}
