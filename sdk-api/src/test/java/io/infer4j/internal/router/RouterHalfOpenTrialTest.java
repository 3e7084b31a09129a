package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static io.infer4j.internal.router.ScriptedBackend.failBeforeFirstToken;
import static io.infer4j.internal.router.ScriptedBackend.failOnStart;
import static io.infer4j.internal.router.ScriptedBackend.hang;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.LatencyBudget;
import io.infer4j.RouteDecision.Outcome;
import io.infer4j.RouteDecision;
import io.infer4j.TokenChunk;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A half-open breaker admits one trial request at a time, and the trial's slot is freed however
 * the trial ends. Virtual time; "concurrent" requests are interleaved streams on one thread, except
 * where a request must block (then a second thread, with no timing asserted).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RouterHalfOpenTrialTest {

  private static final Duration MS = Duration.ofMillis(1);
  private static final InferenceRequest REQUEST = InferenceRequest.builder().prompt("hi").maxTokens(2)
      .budget(LatencyBudget.ofTimeToFirstToken(Duration.ofMillis(500))
          .withTotal(Duration.ofSeconds(2))).build();

  private final VirtualClock clock = new VirtualClock();
  // a: fastest, down for the first request, so its breaker (threshold 1) opens for 1 s
  private final ScriptedBackend a = new ScriptedBackend("a", clock::advance,
      failOnStart(new BackendUnavailableException("a", "connection refused", true)))
      .estimating(MS.multipliedBy(10), MS, 1.0);
  private final ScriptedBackend b = new ScriptedBackend("b", clock::advance, answer(MS.multipliedBy(50), MS))
      .estimating(MS.multipliedBy(50), MS, 1.0);
  private final RouterBackend router = RouterFixture.router(
      RouterSettings.defaults(List.of("a", "b")).withBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(8)),
      clock, a, b);
  private final InferenceClient client = RouterFixture.client(router, clock);

  @AfterEach
  void closeClient() {
    client.close();
  }

  /** Opens a's breaker, waits out the cool-down and scripts what a does from the trial on. */
  private void halfOpenThen(ScriptedBackend.Step... steps) {
    assertEquals("b", client.generate(REQUEST).backend());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker().state(clock.getAsLong()));
    a.then(steps);
  }

  private CircuitBreaker breaker() {
    return router.members().get(0).breaker();
  }

  private boolean trialInFlight() {
    return breaker().trialInFlight(clock.getAsLong());
  }

  private static RouteDecision.Candidate candidate(RouteDecision d, String name) {
    return d.candidates().stream().filter(c -> c.backend().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void ofTwoConcurrentRequestsWhileHalfOpenOnlyOneReachesTheBackend() {
    halfOpenThen(answer(MS.multipliedBy(10), MS));
    try (InferenceStream first = client.stream(REQUEST)) {
      Iterator<TokenChunk> chunks = first.iterator();
      assertEquals("a0", chunks.next().text(), "the first request is the trial, still in flight");
      assertTrue(trialInFlight());

      InferenceResponse second = client.generate(REQUEST);
      assertEquals("b", second.backend());
      assertEquals(2, a.starts(), "the failure that opened the breaker, then the trial only");
      RouteDecision.Candidate ca = candidate(second.route(), "a");
      assertFalse(ca.eligible());
      assertEquals("half-open: a trial request is in flight", ca.note());
      RouteDecision.Candidate explained = candidate(router.explain(REQUEST).orElseThrow(), "a");
      assertEquals("half-open: a trial request is in flight", explained.note());

      assertEquals("a", first.response().backend());
    }
  }

  @Test
  void aRequestPlannedBeforeTheTrialStartedSkipsTheBackendAndFallsBack() {
    halfOpenThen(answer(MS.multipliedBy(10), MS));
    try (InferenceStream first = client.stream(REQUEST);
        InferenceStream second = client.stream(REQUEST)) {
      assertEquals("a0", first.iterator().next().text()); // takes the trial slot
      InferenceResponse r = second.response();
      assertEquals("b", r.backend());
      assertEquals(2, a.starts());
      assertTrue(candidate(r.route(), "a").note().contains("trial after cool-down"), "planned before the trial");
      assertTrue(r.route().reason().contains("a skipped: half-open: a trial request is in flight"),
          r.route().reason());
      assertEquals(List.of("b"), r.route().attempts().stream().map(RouteDecision.Attempt::backend).toList());
    }
  }

  @Test
  void aSuccessfulTrialClosesTheBreakerAndFreesTheSlot() {
    halfOpenThen(answer(MS.multipliedBy(10), MS));
    assertEquals("a", client.generate(REQUEST).backend());
    assertEquals(CircuitBreaker.State.CLOSED, breaker().state(clock.getAsLong()));
    assertFalse(trialInFlight());
    try (InferenceStream first = client.stream(REQUEST); InferenceStream second = client.stream(REQUEST)) {
      assertEquals("a0", first.iterator().next().text());
      assertEquals("a", second.response().backend(), "closed again: concurrent requests all pass");
    }
  }

  @Test
  void aFailedTrialFreesTheSlotAndReopensWithTheDoubledDelay() {
    halfOpenThen(
        failBeforeFirstToken(MS.multipliedBy(5), new BackendUnavailableException("a", "still down", true)),
        answer(MS.multipliedBy(10), MS));
    InferenceResponse r = client.generate(REQUEST);
    assertEquals("b", r.backend());
    assertEquals(Outcome.FAILED, r.route().attempts().get(0).outcome());
    assertFalse(trialInFlight());
    assertEquals(CircuitBreaker.State.OPEN, breaker().state(clock.getAsLong()));
    long reopenedFor = breaker().openRemainingNanos(clock.getAsLong());
    assertTrue(reopenedFor > Duration.ofMillis(1900).toNanos() && reopenedFor <= Duration.ofSeconds(2).toNanos(),
        "2 s from the failure, minus b's answer: " + reopenedFor);

    clock.advance(Duration.ofSeconds(2));
    assertEquals("a", client.generate(REQUEST).backend(), "the next trial was admitted");
    assertEquals(CircuitBreaker.State.CLOSED, breaker().state(clock.getAsLong()));
  }

  @Test
  void aTrialThatFailsToStartFreesTheSlot() {
    halfOpenThen(failOnStart(new BackendUnavailableException("a", "still refused", true)));
    assertEquals("b", client.generate(REQUEST).backend());
    assertFalse(trialInFlight());
    assertEquals(CircuitBreaker.State.OPEN, breaker().state(clock.getAsLong()));
  }

  @Test
  void aCancelledTrialFreesTheSlotWithoutChangingTheState() {
    halfOpenThen(answer(MS.multipliedBy(10), MS));
    InferenceStream first = client.stream(REQUEST);
    assertEquals("a0", first.iterator().next().text());
    first.close();
    assertEquals(FinishReason.CANCELLED, first.response().finishReason());
    assertFalse(trialInFlight());
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker().state(clock.getAsLong()));
    assertEquals(1, breaker().consecutiveFailures(), "a cancellation is not a failure");

    assertEquals("a", client.generate(REQUEST).backend(), "the next request is the new trial");
    assertEquals(CircuitBreaker.State.CLOSED, breaker().state(clock.getAsLong()));
  }

  @Test
  void aTrialClosedByItsCallerBeforeAnyTokenFreesTheSlot() throws Exception {
    halfOpenThen(hang());
    InferenceStream first = client.stream(REQUEST);
    CompletableFuture<InferenceResponse> consumer = CompletableFuture.supplyAsync(first::response);
    while (a.generations().isEmpty()) {
      Thread.sleep(1); // until the trial is waiting for its first token
    }
    assertTrue(trialInFlight());
    first.close();
    assertEquals(FinishReason.CANCELLED, consumer.get(10, TimeUnit.SECONDS).finishReason());
    assertFalse(trialInFlight());
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker().state(clock.getAsLong()));
  }

  @Test
  void aTrialThatRunsOutOfBudgetFreesTheSlotWithoutChangingTheState() {
    halfOpenThen(answer(MS.multipliedBy(10), Duration.ofSeconds(3)), answer(MS.multipliedBy(10), MS));
    assertThrows(DeadlineExceededException.class, () -> client.generate(REQUEST));
    assertEquals(2, a.starts(), "the trial ran");
    assertFalse(trialInFlight());
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker().state(clock.getAsLong()));
    assertEquals(1, breaker().consecutiveFailures(), "a spent budget says nothing about the backend");
    assertEquals("a", client.generate(REQUEST).backend());
  }

  @Test
  void whenNoOtherBackendIsAvailableTheRouterSaysTheTrialIsInFlight() {
    halfOpenThen(answer(MS.multipliedBy(10), MS));
    b.then(failOnStart(new BackendUnavailableException("b", "maintenance", true)));
    try (InferenceStream first = client.stream(REQUEST)) {
      assertEquals("a0", first.iterator().next().text());
      assertThrows(BackendUnavailableException.class, () -> client.generate(REQUEST)); // opens b
      BackendUnavailableException e =
          assertThrows(BackendUnavailableException.class, () -> client.generate(REQUEST));
      assertTrue(e.isRetryable());
      assertTrue(e.getMessage().contains("a: half-open: a trial request is in flight"), e.getMessage());
      assertTrue(e.getMessage().contains("b: cooling down"), e.getMessage());
      assertEquals(2, a.starts());
    }
  }

  @Test
  void aRequestWhoseOnlyBackendIsTakenByATrialFailsAsUnavailableNotAsOverBudget() {
    ScriptedBackend only = new ScriptedBackend("only", clock::advance,
        failOnStart(new BackendUnavailableException("only", "connection refused", true)))
        .estimating(MS.multipliedBy(10), MS, 1.0);
    RouterBackend alone = RouterFixture.router(
        RouterSettings.defaults(List.of("only")).withBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(8)),
        clock, only);
    try (InferenceClient c = RouterFixture.client(alone, clock)) {
      assertThrows(BackendUnavailableException.class, () -> c.generate(REQUEST));
      clock.advance(Duration.ofSeconds(1));
      only.then(answer(MS.multipliedBy(10), MS));
      try (InferenceStream first = c.stream(REQUEST); InferenceStream second = c.stream(REQUEST)) {
        assertEquals("only0", first.iterator().next().text());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, second::response);
        assertTrue(e.isRetryable());
        assertEquals("router", e.backend());
        assertTrue(e.getMessage().contains("only skipped: half-open: a trial request is in flight"),
            e.getMessage());
        assertEquals("only", first.response().backend());
      }
      assertEquals(2, only.starts());
    }
  }

  @Test
  void aTrialThatLosesAHedgeRaceFreesTheSlotWithoutChangingTheState() {
    // hedging waits in real time: the system clock, shifted by the test to skip the cool-down
    AtomicLong shift = new AtomicLong();
    LongSupplier now = () -> System.nanoTime() + shift.get();
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(),
        answer(MS.multipliedBy(300), Duration.ZERO))
        .estimating(MS.multipliedBy(10), MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(), hang())
        .estimating(MS.multipliedBy(20), MS, 1.0);
    RouterSettings s = RouterSettings.defaults(List.of("primary", "backup"))
        .withBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(8))
        .withHedging(true, 1.0);
    RouterBackend hedged = RouterFixture.router(s, now, primary, backup);
    CircuitBreaker backupBreaker = hedged.members().get(1).breaker();
    backupBreaker.onFailure(now.getAsLong(), CircuitBreaker.Admission.PASS); // as if it had failed
    shift.addAndGet(Duration.ofSeconds(1).toNanos());
    assertEquals(CircuitBreaker.State.HALF_OPEN, backupBreaker.state(now.getAsLong()));
    InferenceRequest request = InferenceRequest.builder().prompt("hi").maxTokens(2)
        .timeToFirstTokenBudget(Duration.ofSeconds(5)).build();
    try (InferenceClient c = RouterFixture.client(hedged, now)) {
      InferenceResponse r = c.generate(request);
      assertEquals("primary", r.backend());
      RouteDecision.Attempt lost = r.route().attempts().stream()
          .filter(RouteDecision.Attempt::hedge).findFirst().orElseThrow();
      assertEquals("backup", lost.backend());
      assertEquals(Outcome.CANCELLED, lost.outcome());
      assertTrue(backup.generations().get(0).isClosed());
      assertFalse(backupBreaker.trialInFlight(now.getAsLong()));
      assertEquals(CircuitBreaker.State.HALF_OPEN, backupBreaker.state(now.getAsLong()));
    }
  }
}
