package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.LatencyBudget;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** generateAsync's own threads: bounded, failing fast when full, ending when idle. */
class AsyncExecutorTest {

  private static final InferenceRequest UNBOUNDED = InferenceRequest.ofPrompt("x");

  @Test
  void theDefaultPoolIsBoundedAndItsThreadsEndWhenIdle() {
    ThreadPoolExecutor pool = AsyncExecutor.POOL;
    assertEquals(64, pool.getMaximumPoolSize());
    assertEquals(1024, pool.getQueue().remainingCapacity() + pool.getQueue().size());
    assertInstanceOf(ArrayBlockingQueue.class, pool.getQueue());
    assertTrue(pool.allowsCoreThreadTimeOut());
    assertEquals(5_000, pool.getKeepAliveTime(TimeUnit.MILLISECONDS));
  }

  @Test
  void aFullPoolFailsTheRequestAtOnceNamingItsLimits() throws Exception {
    ThreadPoolExecutor pool = AsyncExecutor.create(1, 1, 100);
    try (InferenceClient client = new BackendClient("deaf", new DeafBackend())) {
      CompletableFuture<InferenceResponse> running = client.generateAsync(UNBOUNDED, pool);
      CompletableFuture<InferenceResponse> waiting = client.generateAsync(UNBOUNDED, pool);
      CompletableFuture<InferenceResponse> refused = client.generateAsync(UNBOUNDED, pool);

      ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(0, TimeUnit.SECONDS));
      BackendUnavailableException full = assertInstanceOf(BackendUnavailableException.class, e.getCause());
      assertTrue(full.isRetryable());
      assertTrue(full.getMessage().contains("1 requests running and 1 waiting"), full.getMessage());
      assertTrue(full.getMessage().contains("generateAsync(request, executor)"), full.getMessage());
      assertFalse(running.isDone() || waiting.isDone());
    } // closing the client cancels both
    assertTrue(Waits.until(() -> pool.getPoolSize() == 0, 5_000), "the idle thread ended");
    pool.shutdown();
  }

  @Test
  void aRequestWhoseDeadlinePassesInLineLeavesTheLine() throws Exception {
    ThreadPoolExecutor pool = AsyncExecutor.create(1, 1, 100);
    InferenceRequest due = InferenceRequest.builder().prompt("x")
        .budget(LatencyBudget.ofTotal(Duration.ofMillis(100))).build();
    try (InferenceClient client = new BackendClient("deaf", new DeafBackend())) {
      client.generateAsync(UNBOUNDED, pool); // takes the only thread
      CompletableFuture<InferenceResponse> inLine = client.generateAsync(due, pool);

      ExecutionException e = assertThrows(ExecutionException.class, () -> inLine.get(5, TimeUnit.SECONDS));
      assertInstanceOf(DeadlineExceededException.class, e.getCause());
      assertTrue(Waits.until(() -> pool.getQueue().isEmpty(), 1_000), "it left the line");
      assertFalse(client.generateAsync(UNBOUNDED, pool).isDone(), "its place was free again");
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
  }
}
