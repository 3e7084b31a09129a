package io.infer4j.runtime.serving.internal;

import io.infer4j.runtime.serving.TokenPause;
import io.infer4j.spi.Deadline;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A {@link TokenPause} on a request's {@link Deadline}: sleeps on a latch that {@link #wake()}
 * opens when the generation is closed, and never past the deadline (it then throws the deadline's
 * error). The deadline's clock measures the target; the latch sleeps in real time.
 */
final class DeadlinePause implements TokenPause {
  private final Deadline deadline;
  private final BooleanSupplier firstTokenSeen;
  private final Supplier<String> partialText;
  private final CountDownLatch closed = new CountDownLatch(1);

  DeadlinePause(Deadline deadline, BooleanSupplier firstTokenSeen, Supplier<String> partialText) {
    this.deadline = deadline;
    this.firstTokenSeen = firstTokenSeen;
    this.partialText = partialText;
  }

  /** Ends any wait now and every later one at once. Any thread. */
  void wake() {
    closed.countDown();
  }

  @Override
  public boolean awaitSinceStart(Duration sinceStart) {
    long target = deadline.startNanos() + sinceStart.toNanos();
    while (closed.getCount() > 0) {
      long left = target - deadline.nanoClock().getAsLong();
      if (left <= 0) {
        return true;
      }
      boolean seen = firstTokenSeen.getAsBoolean();
      deadline.check(seen, partialText.get());
      long wait = Math.min(left, deadline.waitLimitNanos(seen));
      try {
        closed.await(wait, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
