package io.infer4j.internal;

import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Emits a token every 10 ms until closed; tells when a generation was closed. */
final class AtomicCountingBackend implements Backend {

  private final CountDownLatch closed = new CountDownLatch(1);

  boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
    return closed.await(timeout, unit);
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.STREAMING);
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    return new Generation() {
      private volatile boolean stopped;
      private int i;

      @Override
      public TokenChunk next() {
        if (stopped) {
          return null;
        }
        LockSupport.parkNanos(10_000_000L);
        return stopped ? null : TokenChunk.of(i++, "t");
      }

      @Override
      public GenerationResult result() {
        return GenerationResult.of(FinishReason.LENGTH, "m");
      }

      @Override
      public void close() {
        stopped = true;
        closed.countDown();
      }
    };
  }

  @Override
  public void close() {}
}
