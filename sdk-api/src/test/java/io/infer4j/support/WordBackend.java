package io.infer4j.support;

import io.infer4j.BackendUnavailableException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A tiny deterministic backend for sdk-api's own tests: answers "w0 w1 w2 ..." one word a token,
 * up to maxTokens, pausing {@code perToken} between tokens (honouring the deadline and close).
 */
public final class WordBackend implements Backend {

  private final String label;
  private final Duration perToken;
  private final AtomicBoolean closed = new AtomicBoolean();

  public WordBackend(String label, Duration perToken) {
    this.label = label;
    this.perToken = perToken;
  }

  public String label() {
    return label;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.RAW_PROMPT, Capability.CHAT, Capability.STREAMING);
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    if (closed.get()) {
      throw new BackendUnavailableException(label, "closed", false);
    }
    int max = request.sampling().maxTokens();
    return new Generation() {
      private int produced;
      private volatile boolean stopped;

      @Override
      public TokenChunk next() {
        if (stopped || produced >= max) {
          return null;
        }
        long pause = Math.min(perToken.toNanos(), deadline.waitLimitNanos(produced > 0));
        if (pause > 0) {
          LockSupport.parkNanos(pause);
        }
        deadline.check(produced > 0, "");
        if (stopped) {
          return null;
        }
        String word = (produced == 0 ? "" : " ") + label + produced;
        return TokenChunk.of(produced++, word);
      }

      @Override
      public GenerationResult result() {
        return GenerationResult.of(FinishReason.LENGTH, label + "-model");
      }

      @Override
      public void close() {
        stopped = true;
      }
    };
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
