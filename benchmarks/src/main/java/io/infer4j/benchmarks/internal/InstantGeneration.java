package io.infer4j.benchmarks.internal;

import io.infer4j.FinishReason;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;

/**
 * The generation of an {@link InstantBackend}: {@code tokens} chunks "ok", " ok", ... returned
 * without waiting, then {@code null}. Never waits, so it cannot overrun a deadline; {@link
 * #close()} (from any thread) makes the next {@link #next()} return {@code null}.
 */
final class InstantGeneration implements Generation {

  private final int tokens;
  private final String model;
  private int produced;
  private volatile boolean closed;

  InstantGeneration(int tokens, String model) {
    this.tokens = tokens;
    this.model = model;
  }

  @Override
  public TokenChunk next() {
    if (closed || produced >= tokens) {
      return null;
    }
    String text = produced == 0 ? "ok" : " ok";
    return new TokenChunk(produced++, text, 1);
  }

  /** {@link FinishReason#LENGTH}: the answer always runs to {@code maxTokens}. */
  @Override
  public GenerationResult result() {
    return GenerationResult.of(FinishReason.LENGTH, model);
  }

  @Override
  public void close() {
    closed = true;
  }
}
