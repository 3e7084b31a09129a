package io.infer4j.runtime.internal.structured;

/**
 * One generation's progress through an {@link OutputGrammar}: before each sampling step {@link
 * #mask} rules out the tokens that would break the document, after it {@link #accept} moves on.
 * When the document is {@link #complete()} nothing may follow and the answer ends. Not
 * thread-safe: driven by the generation's thread.
 */
public final class OutputConstraint {
  private final GrammarMatcher matcher;
  private final TokenMasks masks;
  private final TokenBytes vocabulary;
  private MatchState state;

  OutputConstraint(GrammarMatcher matcher, TokenMasks masks, TokenBytes vocabulary) {
    this.matcher = matcher;
    this.masks = masks;
    this.vocabulary = vocabulary;
    this.state = matcher.start();
  }

  /** Whether the document is finished and nothing may follow (the answer should end now). */
  public boolean complete() {
    return state.complete();
  }

  /** Whether the text so far is a whole document (more may still follow, e.g. digits). */
  public boolean accepting() {
    return state.accepting;
  }

  /**
   * Sets to negative infinity the logits of the tokens that may not follow {@code previous} now;
   * with {@code remaining} tokens left, steers towards finishing the document in time.
   *
   * @param remaining tokens that may still be generated, this one included
   * @return false if no token at all may follow (the vocabulary cannot spell the rest)
   */
  public boolean mask(float[] logits, int previous, int remaining) {
    long[] bits = masks.allowedWithin(state, previous, Math.max(1, remaining));
    if (TokenMasks.isEmpty(bits)) {
      return false;
    }
    TokenMasks.apply(bits, logits);
    return true;
  }

  /** The tokens allowed now, as {@link #mask} computes them without steering (a bit per id). */
  public long[] allowedTokens(int previous) {
    return masks.allowed(state, previous).clone();
  }

  /** As {@link #allowedTokens}, by a fresh trie walk that bypasses the per-state cache. */
  public long[] walkTokens(int previous) {
    return masks.walk(state, previous);
  }

  /** As {@link #allowedTokens}, by the token-by-token reference (no trie, no transition memo). */
  public long[] referenceTokens(int previous) {
    return masks.reference(state, previous);
  }

  /**
   * Moves past {@code token} (not an end token), which follows {@code previous}.
   *
   * @throws IllegalStateException if the token breaks the document (the mask was not applied)
   */
  public void accept(int previous, int token) {
    byte[] bytes = vocabulary.bytes(previous, token);
    MatchState next = bytes.length == 0 ? MatchState.DEAD : matcher.advance(state, bytes);
    if (next.dead()) {
      throw new IllegalStateException("a token outside the mask was sampled: "
          + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
    state = next;
  }
}
