package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.DeadlineExceededException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.LatencyBudget;
import io.infer4j.TokenChunk;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scripted latency against deadlines and cancellation. The latencies are far longer than the
 * timeouts, so a fake that slept past a deadline or ignored close() would fail by timeout; no
 * test measures speed.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FakeBackendLatencyTest {

  private static final Duration LONG = Duration.ofMinutes(10);

  private final FakeBackend fake = FakeBackend.create();
  private final InferenceClient client = fake.client();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void latencyShowsInTheMeasuredTiming() {
    fake.latency(Duration.ofMillis(30), Duration.ofMillis(10)).reply("a b c");
    InferenceResponse r = client.generate(InferenceRequest.ofPrompt("x"));
    assertTrue(r.timing().timeToFirstToken().compareTo(Duration.ofMillis(30)) >= 0, r.timing().toString());
    assertTrue(r.timing().total().compareTo(Duration.ofMillis(50)) >= 0, r.timing().toString());
    assertFalse(r.timing().simulated());
  }

  @Test
  void aTimeToFirstTokenBudgetShorterThanTheLatencyFailsWithDeadlineExceeded() {
    fake.latency(LONG, Duration.ZERO);
    InferenceRequest r =
        InferenceRequest.builder().prompt("x").timeToFirstTokenBudget(Duration.ofMillis(50)).build();
    DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> client.generate(r));
    assertTrue(e.reason().contains("first token"), e.reason());
  }

  @Test
  void aTotalBudgetRunningOutBetweenChunksKeepsThePartialText() {
    fake.latency(Duration.ZERO, LONG).reply("first second");
    InferenceRequest r =
        InferenceRequest.builder().prompt("x")
            .budget(LatencyBudget.ofTotal(Duration.ofMillis(80))).build();
    DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> client.generate(r));
    assertEquals("first", e.partialText());
  }

  @Test
  void closingAStreamFromAnotherThreadEndsAWaitPromptly() throws Exception {
    fake.latency(Duration.ZERO, LONG).reply("first second third");
    CountDownLatch firstSeen = new CountDownLatch(1);
    InferenceStream stream = client.stream(InferenceRequest.ofPrompt("x"));
    CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
      try {
        firstSeen.await();
        Thread.sleep(20); // let the consumer block in the long wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stream.close();
    });
    Iterator<TokenChunk> it = stream.iterator();
    assertEquals("first", it.next().text());
    firstSeen.countDown();
    assertFalse(it.hasNext(), "the wait for the second chunk ended with the close");
    assertEquals(FinishReason.CANCELLED, stream.response().finishReason());
    closer.get(10, TimeUnit.SECONDS);
    assertEquals(1, fake.cancelledCount());
  }

  @Test
  void cancellingAnAsyncRequestStopsItsWait() throws Exception {
    fake.latency(LONG, Duration.ZERO);
    CompletableFuture<InferenceResponse> f = client.generateAsync(InferenceRequest.ofPrompt("x"));
    while (fake.requestCount() == 0) {
      Thread.onSpinWait();
    }
    f.cancel(true);
    while (fake.cancelledCount() == 0) {
      Thread.sleep(1); // the wait is interrupted by the close; the timeout guards a hang
    }
    assertEquals(1, fake.cancelledCount());
  }

  @Test
  void closingTheFakeCancelsWhatIsRunningButKeepsItUsable() {
    fake.latency(Duration.ZERO, LONG).reply("a b");
    try (InferenceStream stream = client.stream(InferenceRequest.ofPrompt("x"))) {
      Iterator<TokenChunk> it = stream.iterator();
      it.next();
      fake.close();
      assertFalse(it.hasNext());
    }
    assertEquals(1, fake.cancelledCount());
    assertEquals(1, fake.closeCount());
    fake.latency(Duration.ZERO, Duration.ZERO);
    try (InferenceClient another = fake.client()) {
      assertEquals("y", another.generate(InferenceRequest.ofPrompt("y")).text());
    }
  }

  @Test
  void theEstimateIsTheScriptedLatency() {
    fake.latency(Duration.ofMillis(200), Duration.ofMillis(15));
    LatencyEstimate e = fake.estimate(InferenceRequest.ofPrompt("x")).orElseThrow();
    assertEquals(Duration.ofMillis(200), e.timeToFirstToken());
    assertEquals(Duration.ofMillis(15), e.perToken());
  }

  @Test
  void negativeLatencyIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fake.latency(Duration.ofMillis(-1), Duration.ZERO));
    assertTrue(e.getMessage().contains("firstToken"), e.getMessage());
  }
}
