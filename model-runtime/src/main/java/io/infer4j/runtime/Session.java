package io.infer4j.runtime;

import io.infer4j.runtime.internal.kernels.Kernels;
import io.infer4j.runtime.internal.model.LlamaForward;
import io.infer4j.runtime.internal.model.LlamaWeights;

/**
 * One token sequence being run through a model: feed tokens one at a time with {@link
 * #forward(int)}, which appends them to the KV cache and returns the next-token logits.
 *
 * <p>Not thread-safe: use from one thread at a time. Cheap to drop; holds only its own buffers.
 */
public final class Session {
  private final LlamaForward forward;
  private int position;

  Session(ModelConfig config, LlamaWeights weights, Kernels kernels) {
    this.forward = new LlamaForward(config, weights, kernels);
  }

  /** Tokens fed so far (the position the next token takes). */
  public int position() {
    return position;
  }

  /** The most tokens this session can hold. */
  public int contextLength() {
    return forward.config().contextLength();
  }

  /**
   * Feeds {@code token} at the next position and returns the logits for the token after it (one per
   * vocabulary entry; the array is reused by the next call, copy it to keep it).
   *
   * @throws IllegalStateException if the context is full
   * @throws IndexOutOfBoundsException if {@code token} is not in the vocabulary
   */
  public float[] forward(int token) {
    if (position >= contextLength()) {
      throw new IllegalStateException(
          "context is full: "
              + contextLength()
              + " positions used; load the model with ModelOptions.withContextLength to allow"
              + " more");
    }
    float[] logits = forward.forward(token, position);
    position++;
    return logits;
  }
}
