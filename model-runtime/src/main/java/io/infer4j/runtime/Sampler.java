package io.infer4j.runtime;

/**
 * Picks the next token from logits. Get one from {@link Samplers}.
 *
 * <p>A sampler may keep state (a random generator) and may overwrite the logits array it is given;
 * it is not thread-safe: use one per sequence.
 */
public interface Sampler {

  /**
   * {@return the chosen token id}
   *
   * @param logits one score per vocabulary entry; may be modified
   */
  int sample(float[] logits);
}
