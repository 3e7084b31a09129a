package io.infer4j.testing.internal;

import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One generation of the fake: delivers an {@link AnswerPlan}'s chunks, pausing before the first
 * chunk and between chunks. Every pause is bounded by the {@link Deadline} (when the budget is
 * shorter than the pause, it waits only until the budget is spent and then throws the deadline
 * error) and ends at once when {@link #close()} is called from any thread.
 *
 * <p>One consumer thread calls {@link #next()}; {@link #close()} may come from any thread. Not API.
 */
public final class FakeGeneration implements Generation {

  /** Told once when a generation ends: completed, failed, or closed before the end. */
  public interface Listener {
    void ended(FakeGeneration generation, boolean cancelled);
  }

  private final AnswerPlan plan;
  private final Deadline deadline;
  private final Duration firstTokenLatency;
  private final Duration perChunkLatency;
  private final String model;
  private final int promptTokens;
  private final Listener listener;

  private final CountDownLatch closedSignal = new CountDownLatch(1);
  private final AtomicBoolean ended = new AtomicBoolean();
  private final StringBuilder text = new StringBuilder();
  private int index;

  public FakeGeneration(
      AnswerPlan plan,
      Deadline deadline,
      Duration firstTokenLatency,
      Duration perChunkLatency,
      String model,
      int promptTokens,
      Listener listener) {
    this.plan = plan;
    this.deadline = deadline;
    this.firstTokenLatency = firstTokenLatency;
    this.perChunkLatency = perChunkLatency;
    this.model = model;
    this.promptTokens = promptTokens;
    this.listener = listener;
  }

  @Override
  public TokenChunk next() {
    if (isClosed()) {
      return null;
    }
    boolean lastWasDelivered = index == plan.chunks().size();
    if (lastWasDelivered && plan.failure() == null) {
      end(false);
      return null;
    }
    try {
      if (!pause(index == 0 ? firstTokenLatency : perChunkLatency)) {
        return null; // closed while waiting
      }
    } catch (RuntimeException e) {
      end(false);
      throw e;
    }
    if (lastWasDelivered) {
      end(false);
      throw plan.failure();
    }
    String chunk = plan.chunks().get(index);
    text.append(chunk);
    return TokenChunk.of(index++, chunk);
  }

  /**
   * Waits {@code delay}, within the deadline; false when closed meanwhile.
   *
   * @throws io.infer4j.DeadlineExceededException when the budget runs out first
   */
  private boolean pause(Duration delay) {
    boolean firstTokenSeen = index > 0;
    long left = delay.toNanos();
    long last = System.nanoTime();
    while (left > 0) {
      long limit = deadline.waitLimitNanos(firstTokenSeen);
      if (limit == 0) {
        deadline.check(firstTokenSeen, text.toString()); // throws: the budget is spent
      }
      try {
        if (closedSignal.await(Math.min(left, limit), TimeUnit.NANOSECONDS)) {
          return false;
        }
      } catch (InterruptedException e) {
        // As the SPI asks: an interrupted wait is a failure, never a complete answer.
        Thread.currentThread().interrupt();
        close();
        throw new io.infer4j.BackendUnavailableException("fake", "interrupted while generating", false, e);
      }
      long now = System.nanoTime();
      left -= now - last;
      last = now;
    }
    deadline.check(firstTokenSeen, text.toString());
    return !isClosed();
  }

  @Override
  public GenerationResult result() {
    return GenerationResult.of(plan.finishReason(), model)
        .withUsage(Usage.reported(promptTokens, index)) // the chunks actually delivered
        .withToolCalls(plan.toolCalls());
  }

  @Override
  public void close() {
    closedSignal.countDown();
    end(true);
  }

  private boolean isClosed() {
    return closedSignal.getCount() == 0;
  }

  private void end(boolean cancelled) {
    if (ended.compareAndSet(false, true)) {
      listener.ended(this, cancelled);
    }
  }
}
