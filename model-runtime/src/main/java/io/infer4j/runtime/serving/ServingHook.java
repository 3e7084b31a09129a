package io.infer4j.runtime.serving;

import io.infer4j.spi.GenerationResult;

/**
 * What a backend adds to a generation served by {@link ServingModel}: a timing model, pacing, the
 * device the timing is for. A hook is given to one generation and called from the thread that
 * drives it (the consumer's), never concurrently, so it may keep per-generation state.
 */
public interface ServingHook {

  /** A hook that adds nothing. */
  ServingHook NONE = new ServingHook() {};

  /**
   * Called after every forward step that sampled a token (a completion token, or the stop token
   * that ends the answer), before its chunk is returned. It may wait through {@code pause}; when
   * the pause reports that the generation was closed, the hook should return at once.
   *
   * @param promptTokens tokens of the prompt (BOS, where the vocabulary puts it, and chat template
   *     included)
   * @param step 0 for the first sampled token, then 1, 2, ...; the step's KV cache holds {@code
   *     promptTokens + step} positions
   * @param pause waits honouring the request's deadline and {@code close()}
   * @throws io.infer4j.DeadlineExceededException when a wait would pass the deadline
   */
  default void stepDone(int promptTokens, int step, TokenPause pause) {}

  /**
   * Completes the result of a generation that ran to its end: the adapter has set the finish
   * reason, the model name and the exact usage; the hook may add timing and the device. Not called
   * for a generation that was closed before its end.
   *
   * @param result the adapter's result
   * @return the result to report; the default returns {@code result} unchanged
   */
  default GenerationResult complete(GenerationResult result) {
    return result;
  }
}
