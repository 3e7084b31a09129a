package io.infer4j.internal;

import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that ignores its deadline: each generation gives the scripted chunks, then waits for a
 * token that never comes until it is closed (10 s at most, so a test cannot hang), then ends. Only
 * the SDK's own deadline timer can end such a wait on time. Counts starts and closes.
 */
final class DeafBackend implements Backend {

  private final List<String> before;
  private final AtomicInteger starts = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);

  /** Each generation gives these chunks' texts first. */
  DeafBackend(String... before) {
    this.before = List.of(before);
  }

  int starts() {
    return starts.get();
  }

  /** Waits until a generation was closed; false if none was in time. */
  boolean awaitClosed(long millis) throws InterruptedException {
    return closed.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.STREAMING);
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    starts.incrementAndGet();
    CountDownLatch mine = new CountDownLatch(1);
    return new Generation() {
      private int i;

      @Override
      public TokenChunk next() {
        if (i < before.size()) {
          return TokenChunk.of(i, before.get(i++));
        }
        try {
          mine.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      }

      @Override
      public GenerationResult result() {
        return GenerationResult.of(FinishReason.STOP, "deaf");
      }

      @Override
      public void close() {
        mine.countDown();
        closed.countDown();
      }
    };
  }

  @Override
  public void close() {}
}
