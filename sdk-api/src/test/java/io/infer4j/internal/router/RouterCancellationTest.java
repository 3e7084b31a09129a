package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.hang;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.internal.BackendClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Closing a routed stream closes every attempt in flight, hedges included. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RouterCancellationTest {

  private static final Duration MS = Duration.ofMillis(1);
  private static final InferenceRequest REQUEST = InferenceRequest.builder().prompt("hi").maxTokens(2).build();

  private static void awaitStarts(ScriptedBackend b, int n) throws InterruptedException {
    while (b.starts() < n || b.generations().size() < n) {
      Thread.sleep(1);
    }
  }

  @Test
  void closingTheStreamClosesThePrimaryAndTheHedge() throws Exception {
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(), hang())
        .estimating(MS, MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(), hang())
        .estimating(MS.multipliedBy(2), MS, 1.0);
    RouterSettings s = RouterSettings.defaults(List.of("primary", "backup")).withHedging(true, 1.0);
    RouterBackend router = RouterFixture.router(s, System::nanoTime, primary, backup);
    try (InferenceClient client = new BackendClient("router", router)) {
      InferenceStream stream = client.stream(REQUEST);
      CompletableFuture<InferenceResponse> consumer = CompletableFuture.supplyAsync(stream::response);
      awaitStarts(backup, 1); // the hedge started: both attempts are in flight
      stream.close();
      InferenceResponse r = consumer.get(10, TimeUnit.SECONDS);
      assertEquals(FinishReason.CANCELLED, r.finishReason());
      assertTrue(primary.generations().get(0).isClosed());
      assertTrue(backup.generations().get(0).isClosed());
    }
  }

  @Test
  void aStreamClosedAfterItsFirstTokenStillNamesTheBackendThatServedIt() {
    ScriptedBackend slow = new ScriptedBackend("slow", ScriptedBackend.realTime(),
        ScriptedBackend.answer(Duration.ZERO, Duration.ofSeconds(30)));
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("slow")), System::nanoTime, slow);
    try (InferenceClient client = new BackendClient("router", router);
        InferenceStream stream = client.stream(REQUEST)) {
      assertTrue(stream.iterator().hasNext(), "a first token");
      stream.close();
      InferenceResponse r = stream.response();
      assertEquals(FinishReason.CANCELLED, r.finishReason());
      assertEquals("slow", r.backend(), "the instance that served the partial text");
      assertEquals("slow", r.route().chosen());
      assertEquals(1, r.route().attempts().size());
    }
  }

  @Test
  void cancellingAnAsyncRequestClosesTheAttemptWithoutHedging() throws Exception {
    ScriptedBackend only = new ScriptedBackend("only", ScriptedBackend.realTime(), hang());
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("only")), System::nanoTime, only);
    try (InferenceClient client = new BackendClient("router", router)) {
      CompletableFuture<InferenceResponse> f = client.generateAsync(REQUEST);
      awaitStarts(only, 1);
      assertTrue(f.cancel(true));
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!only.generations().get(0).isClosed() && System.nanoTime() < waitUntil) {
        Thread.sleep(1);
      }
      assertTrue(only.generations().get(0).isClosed());
    }
  }

  @Test
  void closingTheRouterClosesEveryBackendItOwns() {
    ScriptedBackend a = new ScriptedBackend("a", ScriptedBackend.realTime(), hang());
    ScriptedBackend b = new ScriptedBackend("b", ScriptedBackend.realTime(), hang());
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("a", "b")).withHedging(true, 0.1), System::nanoTime, a, b);
    assertFalse(a.isClosed());
    router.close();
    assertTrue(a.isClosed() && b.isClosed());
    assertTrue(router.pullers() == null, "hedge threads stopped");
  }
}
