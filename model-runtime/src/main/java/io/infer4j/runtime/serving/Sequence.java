package io.infer4j.runtime.serving;

/**
 * One token sequence on some compute engine, with its own KV cache: what a served generation
 * feeds its prompt and sampled tokens to. The CPU engine wraps {@link io.infer4j.runtime.Session};
 * a device engine (CUDA) keeps its cache on the device.
 *
 * <p>Used from one thread at a time; {@link #close()} releases what the sequence holds.
 */
public interface Sequence extends AutoCloseable {

  /**
   * Feeds one token at the next position.
   *
   * @param token the token id
   * @return the next-token logits, one per vocabulary entry, reused by the next call
   */
  float[] forward(int token);

  /**
   * Feeds {@code count} tokens of {@code tokens} from {@code from} at the next positions.
   *
   * @param tokens the array holding the token ids
   * @param from the index in {@code tokens} of the first id to feed
   * @param count how many ids to feed, at least 1
   * @return the logits after the last fed token, reused by the next call
   */
  float[] forward(int[] tokens, int from, int count);

  /** Releases the sequence's buffers. Idempotent. */
  @Override
  void close();
}
