package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.LatencyBudget;
import io.infer4j.TokenChunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Deadlines that do not wait for the request's own thread to notice them: when the budget runs
 * out, the SDK's timer closes the generation (here, one whose backend ignores its deadline) and
 * fails the stream or the future.
 */
class TimerDeadlineTest {

  private static final Duration BUDGET = Duration.ofMillis(200);
  /** Scheduling slack allowed past a budget on a shared 2-core machine, in milliseconds. */
  private static final long SLACK_MS = 150;

  private static final InferenceRequest FIRST_TOKEN_DUE =
      InferenceRequest.builder().prompt("x").timeToFirstTokenBudget(BUDGET).build();
  private static final InferenceRequest TOTAL_DUE =
      InferenceRequest.builder().prompt("x").budget(LatencyBudget.ofTotal(BUDGET)).build();

  @Test
  void aStreamWaitingForAFirstTokenEndsAtItsDeadline() throws Exception {
    DeafBackend deaf = new DeafBackend();
    long t0 = System.nanoTime();
    try (InferenceClient client = new BackendClient("deaf", deaf);
        InferenceStream stream = client.stream(FIRST_TOKEN_DUE)) {
      DeadlineExceededException e = assertThrows(DeadlineExceededException.class, stream::response);
      assertOnTime(t0);
      assertTrue(e.getMessage().contains("no first token within the time-to-first-token budget (200 ms)"),
          e.getMessage());
      assertTrue(deaf.awaitClosed(0), "the generation was closed");
    }
  }

  @Test
  void aBlockingCallFailsWithItsOwnFramesNotTheTimers() {
    try (InferenceClient client = new BackendClient("deaf", new DeafBackend())) {
      DeadlineExceededException e =
          assertThrows(DeadlineExceededException.class, () -> client.generate(FIRST_TOKEN_DUE));

      List<String> frames = new ArrayList<>();
      for (StackTraceElement f : e.getStackTrace()) {
        frames.add(f.getClassName() + "." + f.getMethodName());
      }
      assertTrue(frames.stream().anyMatch(f -> f.startsWith(getClass().getName())),
          frames::toString);
      assertTrue(frames.stream().noneMatch(f -> f.startsWith(DeadlineWatch.class.getName())),
          frames::toString);
    }
  }

  @Test
  void aStreamCutByItsTotalBudgetKeepsExactlyTheTextDelivered() throws Exception {
    long t0 = System.nanoTime();
    try (InferenceClient client = new BackendClient("deaf", new DeafBackend("a", "b"));
        InferenceStream stream = client.stream(TOTAL_DUE)) {
      Iterator<TokenChunk> chunks = stream.iterator();
      assertEquals("a", chunks.next().text());
      assertEquals("b", chunks.next().text());
      DeadlineExceededException e = assertThrows(DeadlineExceededException.class, chunks::hasNext);
      assertOnTime(t0);
      assertEquals("ab", e.partialText());
      assertTrue(e.getMessage().contains("total budget spent"), e.getMessage());
      assertTrue(java.util.Arrays.stream(e.getStackTrace())
          .anyMatch(f -> f.getClassName().equals(getClass().getName())), "the reader's frames");
    }
  }

  @Test
  void aFutureFailsAtItsDeadlineWhileItsWorkerIsBlocked() throws Exception {
    DeafBackend deaf = new DeafBackend();
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try (InferenceClient client = new BackendClient("deaf", deaf)) {
      long t0 = System.nanoTime();
      CompletableFuture<InferenceResponse> f = client.generateAsync(FIRST_TOKEN_DUE, worker);
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
      assertOnTime(t0);
      assertInstanceOf(DeadlineExceededException.class, e.getCause());
      assertTrue(deaf.awaitClosed(1_000), "the generation behind the future was closed");
    } finally {
      worker.shutdown();
      assertTrue(worker.awaitTermination(5, TimeUnit.SECONDS), "the worker was released");
    }
  }

  @Test
  void aFutureFailsAtItsDeadlineWhileItsTaskWaitsForAThread() {
    DeafBackend deaf = new DeafBackend();
    List<Runnable> waiting = new ArrayList<>(); // an executor with no free thread: tasks wait here
    try (InferenceClient client = new BackendClient("deaf", deaf)) {
      long t0 = System.nanoTime();
      CompletableFuture<InferenceResponse> f = client.generateAsync(FIRST_TOKEN_DUE, waiting::add);
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
      assertOnTime(t0);
      assertInstanceOf(DeadlineExceededException.class, e.getCause());

      waiting.forEach(Runnable::run); // a thread comes free: the expired request does not start
      assertEquals(0, deaf.starts());
    }
  }

  private static void assertOnTime(long t0) {
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms >= BUDGET.toMillis() && ms <= BUDGET.toMillis() + SLACK_MS,
        "ended after " + ms + " ms, budget " + BUDGET.toMillis() + " ms");
  }
}
