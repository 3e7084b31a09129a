package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static io.infer4j.internal.router.ScriptedBackend.hang;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidRequestException;
import io.infer4j.RouteDecision;
import io.infer4j.RouteDecision.Outcome;
import io.infer4j.internal.BackendClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hedging runs on real threads, so these tests use the system clock with short, scripted
 * latencies; they assert outcomes (who won, who was cancelled), never durations.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RouterHedgingTest {

  private static final Duration MS = Duration.ofMillis(1);
  private static final InferenceRequest REQUEST = InferenceRequest.builder().prompt("hi").maxTokens(2)
      .timeToFirstTokenBudget(Duration.ofSeconds(5)).build();

  private static RouterSettings hedged(double budget) {
    return RouterSettings.defaults(List.of("primary", "backup")).withHedging(true, budget);
  }

  @Test
  void aLateFirstChoiceIsHedgedTheFirstTokenWinsAndTheLoserIsClosed() {
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(), hang())
        .estimating(MS.multipliedBy(20), MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(), answer(Duration.ZERO, Duration.ZERO))
        .estimating(MS.multipliedBy(40), MS, 1.0);
    RouterBackend router = RouterFixture.router(hedged(0.1), System::nanoTime, primary, backup);
    try (InferenceClient client = new BackendClient("router", router)) {
      InferenceResponse r = client.generate(REQUEST);
      assertEquals("backup", r.backend());
      assertEquals("backup0 backup1", r.text());
      List<RouteDecision.Attempt> attempts = r.route().attempts();
      assertEquals(2, attempts.size());
      assertEquals("primary", attempts.get(0).backend());
      assertEquals(Outcome.CANCELLED, attempts.get(0).outcome());
      assertFalse(attempts.get(0).hedge());
      assertEquals("backup", attempts.get(1).backend());
      assertEquals(Outcome.SUCCEEDED, attempts.get(1).outcome());
      assertTrue(attempts.get(1).hedge());
      assertTrue(primary.generations().get(0).isClosed(), "the loser is closed");
      assertTrue(r.route().reason().contains("hedged with backup"), r.route().reason());
      assertTrue(r.route().reason().contains("primary cancelled"), r.route().reason());
    }
    // neither waits out a server's Retry-After: the primary had the backup behind it, and the
    // hedge races a primary that is still running
    assertEquals(List.of(false), primary.mayWaitAnswers());
    assertEquals(List.of(false), backup.mayWaitAnswers());
  }

  @Test
  void aHedgeThatFailsToStartLeavesTheFirstChoiceRunning() {
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(),
        answer(MS.multipliedBy(150), Duration.ZERO))
        .estimating(MS.multipliedBy(20), MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(),
        ScriptedBackend.failOnStart(new io.infer4j.ModelNotFoundException("m", "not deployed here")))
        .estimating(MS.multipliedBy(40), MS, 1.0);
    RouterBackend router = RouterFixture.router(hedged(1.0), System::nanoTime, primary, backup);
    try (InferenceClient client = new BackendClient("router", router)) {
      InferenceResponse r = client.generate(REQUEST);
      assertEquals("primary", r.backend());
      assertEquals("primary0 primary1", r.text());
      assertEquals(1, backup.starts(), "the hedge was tried");
    }
  }

  @Test
  void aFirstChoiceThatAnswersBeforeTheHedgePointIsNotHedged() {
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(), answer(Duration.ZERO, Duration.ZERO))
        .estimating(Duration.ofSeconds(2), MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(), answer(Duration.ZERO, Duration.ZERO))
        .estimating(Duration.ofSeconds(3), MS, 1.0);
    RouterBackend router = RouterFixture.router(hedged(1.0), System::nanoTime, primary, backup);
    try (InferenceClient client = new BackendClient("router", router)) {
      InferenceResponse r = client.generate(REQUEST);
      assertEquals("primary", r.backend());
      assertEquals(0, backup.starts());
      assertEquals(1, r.route().attempts().size());
    }
  }

  @Test
  void theHedgeBudgetCapsTheExtraRequests() {
    // primary answers after 300 ms, far past its 10 ms hedge point; the backup hangs, so primary wins
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(), answer(MS.multipliedBy(300), Duration.ZERO))
        .estimating(MS.multipliedBy(10), MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(), hang())
        .estimating(MS.multipliedBy(40), MS, 1.0);
    RouterBackend router = RouterFixture.router(hedged(0.0), System::nanoTime, primary, backup);
    try (InferenceClient client = new BackendClient("router", router)) {
      InferenceResponse first = client.generate(REQUEST);
      assertEquals("primary", first.backend());
      assertEquals(1, backup.starts(), "the first request spends the one credit");
      assertTrue(backup.generations().get(0).isClosed(), "the losing hedge is closed");
      assertEquals(Outcome.CANCELLED, first.route().attempts().get(1).outcome());

      InferenceResponse second = client.generate(REQUEST);
      assertEquals("primary", second.backend());
      assertEquals(1, backup.starts(), "no credit left: no second hedge");
      assertTrue(second.route().reason().contains("hedge budget spent"), second.route().reason());
    }
  }

  @Test
  void withoutHedgingTheFirstChoiceIsAwaited() {
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(), answer(MS.multipliedBy(30), Duration.ZERO))
        .estimating(MS, MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(), answer(Duration.ZERO, Duration.ZERO))
        .estimating(MS.multipliedBy(2), MS, 1.0);
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("primary", "backup")), System::nanoTime, primary, backup);
    try (InferenceClient client = new BackendClient("router", router)) {
      assertEquals("primary", client.generate(REQUEST).backend());
      assertEquals(0, backup.starts());
    }
  }

  @Test
  void aHedgeWithoutAFreeRouterThreadSpendsNoCreditAndLeavesItsBackendToFallBackOn() {
    // one router thread, held by the primary's pull: at the hedge point no thread is free
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(),
        ScriptedBackend.failBeforeFirstToken(MS.multipliedBy(150),
            new BackendUnavailableException("primary", "overloaded", true)))
        .estimating(MS.multipliedBy(20), MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(), answer(Duration.ZERO, Duration.ZERO))
        .estimating(MS.multipliedBy(40), MS, 1.0);
    RouterBackend router = RouterFixture.router(hedged(0.0).withHedgeThreads(1), System::nanoTime, primary, backup);
    try (InferenceClient client = new BackendClient("router", router)) {
      InferenceResponse r = client.generate(REQUEST);
      assertEquals("backup", r.backend(), "the backup is still there to fall back on");
      assertEquals(1, backup.starts(), "no hedge was started only to be cancelled");
      List<RouteDecision.Attempt> attempts = r.route().attempts();
      assertEquals(2, attempts.size());
      assertEquals(Outcome.FAILED, attempts.get(0).outcome());
      assertFalse(attempts.get(1).hedge(), "the backup served as a fallback");
      assertEquals(1.0, router.hedgeBudget().credits(), "the hedge credit is not spent");
      assertTrue(r.route().reason().contains("no free router thread"), r.route().reason());
    }
  }

  @Test
  void aNonRetryableFailureOfTheFirstChoiceIsNotHiddenByARetryableFailureOfItsHedge() {
    InvalidRequestException invalid = new InvalidRequestException("messages", "too long for this model");
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(),
        ScriptedBackend.failBeforeFirstToken(MS.multipliedBy(100), invalid))
        .estimating(MS.multipliedBy(20), MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(),
        ScriptedBackend.failBeforeFirstToken(MS.multipliedBy(250),
            new BackendUnavailableException("backup", "overloaded", true)))
        .estimating(MS.multipliedBy(40), MS, 1.0);
    RouterBackend router = RouterFixture.router(hedged(1.0), System::nanoTime, primary, backup);
    try (InferenceClient client = new BackendClient("router", router)) {
      InvalidRequestException thrown = assertThrows(InvalidRequestException.class, () -> client.generate(REQUEST));
      // the router's copy of it, carrying its decision (InferenceException#withRoute)
      assertEquals(invalid.getMessage(), thrown.getMessage());
      assertTrue(thrown.route().isPresent(), "the decision is on the failure");
      assertEquals(1, backup.starts(), "the backup ran as a hedge");
    }
  }

  @Test
  void aNonRetryableFailureOfTheHedgeIsReportedOverARetryableFailureOfTheFirstChoice() {
    BackendUnavailableException auth = new BackendUnavailableException("backup", "HTTP 401: bad API key", false);
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(),
        ScriptedBackend.failBeforeFirstToken(MS.multipliedBy(250),
            new BackendUnavailableException("primary", "overloaded", true)))
        .estimating(MS.multipliedBy(20), MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(),
        ScriptedBackend.failBeforeFirstToken(MS.multipliedBy(50), auth))
        .estimating(MS.multipliedBy(40), MS, 1.0);
    RouterBackend router = RouterFixture.router(hedged(1.0), System::nanoTime, primary, backup);
    try (InferenceClient client = new BackendClient("router", router)) {
      BackendUnavailableException thrown =
          assertThrows(BackendUnavailableException.class, () -> client.generate(REQUEST));
      assertEquals(auth.getMessage(), thrown.getMessage(),
          "as if the backup had been tried after the first choice failed");
      assertEquals(auth.isRetryable(), thrown.isRetryable());
      assertTrue(thrown.route().isPresent(), "the decision is on the failure");
    }
  }
}
