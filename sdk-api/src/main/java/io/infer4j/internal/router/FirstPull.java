package io.infer4j.internal.router;

import io.infer4j.InferenceException;
import io.infer4j.TokenChunk;
import io.infer4j.internal.BackendCalls;

/**
 * What pulling an attempt's first chunk gave: a chunk, the end of an empty answer ({@code chunk}
 * null, no failure), or a failure. {@link #CLOSED} stands for "the routed request was closed
 * meanwhile"; no attempt has it.
 */
record FirstPull(AttemptRun attempt, TokenChunk chunk, InferenceException failure) {

  /** The routed request was closed before any attempt produced a first chunk. */
  static final FirstPull CLOSED = new FirstPull(null, null, null);

  /**
   * Pulls the first visible chunk of {@code attempt} on the calling thread (blocking until it
   * comes, the answer ends, it fails or its generation is closed), catching the {@link
   * InferenceException} it throws (any other runtime exception mapped by {@link BackendCalls#next}).
   * Errors propagate. Learns nothing and settles nothing: the caller decides what the pull means.
   */
  static FirstPull pull(AttemptRun attempt) {
    try {
      return new FirstPull(attempt, firstVisible(attempt), null);
    } catch (InferenceException e) {
      return new FirstPull(attempt, null, e);
    }
  }

  /**
   * The first chunk with visible text (role or special-token chunks carry none), with the tokens
   * of the chunks skipped on the way folded into it; null at the end. The time to first token is
   * that of the first visible token, as in {@link io.infer4j.Timing}.
   */
  private static TokenChunk firstVisible(AttemptRun attempt) {
    int skippedTokens = 0;
    while (true) {
      TokenChunk c = BackendCalls.next(attempt.generation(), attempt.name());
      if (c == null) {
        return null;
      }
      if (!c.text().isEmpty()) {
        return skippedTokens == 0 ? c : new TokenChunk(c.index(), c.text(), c.tokens() + skippedTokens);
      }
      skippedTokens += c.tokens();
    }
  }
}
