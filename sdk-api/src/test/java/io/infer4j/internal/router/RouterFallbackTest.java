package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static io.infer4j.internal.router.ScriptedBackend.failBeforeFirstToken;
import static io.infer4j.internal.router.ScriptedBackend.failOnStart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.LatencyBudget;
import io.infer4j.ModelNotFoundException;
import io.infer4j.RateLimitedException;
import io.infer4j.RouteDecision.Outcome;
import io.infer4j.RouteDecision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fallback, circuit breaking and rate-limit avoidance, in virtual time. */
class RouterFallbackTest {

  private static final Duration MS = Duration.ofMillis(1);
  private static final InferenceRequest REQUEST = InferenceRequest.builder().prompt("hi").maxTokens(2)
      .budget(LatencyBudget.ofTimeToFirstToken(Duration.ofMillis(500))
          .withTotal(Duration.ofSeconds(2))).build();

  private final VirtualClock clock = new VirtualClock();

  private ScriptedBackend fast(String name, ScriptedBackend.Step... steps) {
    return new ScriptedBackend(name, clock::advance, steps).estimating(MS.multipliedBy(10), MS, 1.0);
  }

  private ScriptedBackend slower(String name) {
    return new ScriptedBackend(name, clock::advance, answer(MS.multipliedBy(50), MS))
        .estimating(MS.multipliedBy(50), MS, 1.0);
  }

  private static BackendUnavailableException down(String name) {
    return new BackendUnavailableException(name, "connection refused", true);
  }

  @Test
  void aRetryableFailureBeforeTheFirstTokenFallsBackToTheNextCandidate() {
    ScriptedBackend a = fast("a", failBeforeFirstToken(MS.multipliedBy(5), down("a")));
    ScriptedBackend b = slower("b");
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      InferenceResponse r = client.generate(REQUEST);
      assertEquals("b", r.backend());
      assertEquals("b0 b1", r.text());
      List<RouteDecision.Attempt> attempts = r.route().attempts();
      assertEquals(2, attempts.size());
      assertEquals("a", attempts.get(0).backend());
      assertEquals(Outcome.FAILED, attempts.get(0).outcome());
      assertTrue(attempts.get(0).error().contains("connection refused"), attempts.get(0).error());
      assertEquals(Duration.ofMillis(5), attempts.get(0).elapsed());
      assertEquals(Outcome.SUCCEEDED, attempts.get(1).outcome());
      assertTrue(r.route().reason().contains("a failed (retryable)"), r.route().reason());
      assertTrue(a.generations().get(0).isClosed(), "the failed attempt is closed");
    }
  }

  @Test
  void aMemberMayWaitForAServerOnlyWhenNoOtherIsLeftToTry() {
    ScriptedBackend a = fast("a", failBeforeFirstToken(MS.multipliedBy(5), down("a")));
    ScriptedBackend b = slower("b");
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      assertEquals("b", client.generate(REQUEST).backend());
    }
    // a had b behind it: a rate limit there should fail over, not be waited out; b was the last
    assertEquals(List.of(false), a.mayWaitAnswers());
    assertEquals(List.of(true), b.mayWaitAnswers());
  }

  @Test
  void aLoneMemberMayWaitForAServer() {
    ScriptedBackend a = fast("a", answer(MS.multipliedBy(10), MS));
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a")), clock, a);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      assertEquals("a", client.generate(REQUEST).backend());
    }
    assertEquals(List.of(true), a.mayWaitAnswers());
  }

  @Test
  void aFailureToStartFallsBackToo() {
    ScriptedBackend a = fast("a", failOnStart(down("a")));
    ScriptedBackend b = slower("b");
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      assertEquals("b", client.generate(REQUEST).backend());
    }
  }

  @Test
  void aNonRetryableFailureIsReportedAsIsWithoutTryingOthers() {
    ScriptedBackend a = fast("a", failBeforeFirstToken(MS, new ModelNotFoundException("m", "no model m")));
    ScriptedBackend b = slower("b");
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      assertThrows(ModelNotFoundException.class, () -> client.generate(REQUEST));
      assertEquals(0, b.starts());
    }
  }

  @Test
  void whenEveryCandidateFailsTheErrorNamesTheRouterAndEachFailure() {
    ScriptedBackend a = fast("a", failOnStart(down("a")));
    ScriptedBackend b = new ScriptedBackend("b", clock::advance, failOnStart(down("b")))
        .estimating(MS.multipliedBy(50), MS, 1.0);
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      BackendUnavailableException e =
          assertThrows(BackendUnavailableException.class, () -> client.generate(REQUEST));
      assertEquals("router", e.backend());
      assertTrue(e.isRetryable());
      assertTrue(e.getMessage().contains("backend 'a'") && e.getMessage().contains("backend 'b'"),
          e.getMessage());
    }
  }

  @Test
  void aBackendThatKeepsFailingIsCooledDownThenReadmittedAndRecovers() {
    ScriptedBackend a = fast("a", failOnStart(down("a")));
    ScriptedBackend b = slower("b");
    RouterSettings s = RouterSettings.defaults(List.of("a", "b"))
        .withBreaker(2, Duration.ofSeconds(1), Duration.ofSeconds(8));
    RouterBackend router = RouterFixture.router(s, clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      assertEquals("b", client.generate(REQUEST).backend());
      assertEquals("b", client.generate(REQUEST).backend()); // second failure opens the breaker
      assertEquals(2, a.starts());

      InferenceResponse cooled = client.generate(REQUEST);
      assertEquals("b", cooled.backend());
      assertEquals(2, a.starts(), "a cooling-down backend is not tried");
      RouteDecision.Candidate ca = cooled.route().candidates().get(1);
      assertFalse(ca.eligible());
      assertTrue(ca.note().startsWith("cooling down for another 949 ms after 2 consecutive failures"),
          ca.note()); // b's 51 ms (virtual) of the second request have passed since the failure

      clock.advance(Duration.ofSeconds(1));
      a.then(answer(MS.multipliedBy(10), MS)); // a is healthy again
      InferenceResponse trial = client.generate(REQUEST);
      assertEquals("a", trial.backend());
      assertTrue(trial.route().candidates().get(0).note().contains("trial after cool-down"));
      assertEquals("a", client.generate(REQUEST).backend());
      assertEquals(CircuitBreaker.State.CLOSED, router.members().get(0).breaker().state(clock.getAsLong()));
    }
  }

  @Test
  void aRateLimitedBackendIsSkippedUntilItsRetryTime() {
    ScriptedBackend a = fast("a",
        failBeforeFirstToken(MS, new RateLimitedException("a", "429", Duration.ofMillis(500))),
        answer(MS.multipliedBy(10), MS));
    ScriptedBackend b = slower("b");
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      assertEquals("b", client.generate(REQUEST).backend());
      InferenceResponse skipped = client.generate(REQUEST);
      assertEquals("b", skipped.backend());
      assertEquals(1, a.starts(), "not tried while rate limited");
      assertTrue(skipped.route().candidates().get(1).note().startsWith("rate limited for another"));

      clock.advance(Duration.ofMillis(500));
      assertEquals("a", client.generate(REQUEST).backend());
      assertEquals(CircuitBreaker.State.CLOSED, router.members().get(0).breaker().state(clock.getAsLong()),
          "a rate limit is not a health failure");
    }
  }

  @Test
  void whenEveryBackendIsRateLimitedTheRouterSaysSoWithTheShortestWait() {
    ScriptedBackend a = fast("a", failBeforeFirstToken(MS, new RateLimitedException("a", "429", Duration.ofMillis(700))));
    ScriptedBackend b = new ScriptedBackend("b", clock::advance,
        failBeforeFirstToken(MS, new RateLimitedException("b", "429", Duration.ofMillis(300))))
        .estimating(MS.multipliedBy(50), MS, 1.0);
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      RateLimitedException first = assertThrows(RateLimitedException.class, () -> client.generate(REQUEST));
      assertEquals(Duration.ofMillis(300), first.retryAfter().orElseThrow());
      RateLimitedException second = assertThrows(RateLimitedException.class, () -> client.generate(REQUEST));
      assertEquals("router", second.backend());
      assertEquals(2, a.starts() + b.starts(), "the second request started nothing");
    }
  }

  @Test
  void fallbackStopsWhenWhatIsLeftOfTheBudgetNoLongerFitsTheNextCandidate() {
    ScriptedBackend a = fast("a", failBeforeFirstToken(MS.multipliedBy(460), down("a")));
    ScriptedBackend b = slower("b"); // 50 ms to a first token; only 40 ms will be left
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      BackendUnavailableException e =
          assertThrows(BackendUnavailableException.class, () -> client.generate(REQUEST));
      assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
      assertTrue(e.getMessage().contains("b skipped: predicted ttft 50 ms"), e.getMessage());
      assertEquals(0, b.starts());
    }
  }

  @Test
  void aBackendThatFailsFastDoesNotLookFast() {
    ScriptedBackend a = new ScriptedBackend("a", clock::advance, failBeforeFirstToken(MS, down("a")));
    ScriptedBackend b = new ScriptedBackend("b", clock::advance, answer(MS.multipliedBy(40), MS));
    List<BackendProfile> profiles = List.of(
        BackendProfile.plain("a", 1).withPriors(MS.multipliedBy(30), null, MS),
        BackendProfile.plain("b", 2).withPriors(MS.multipliedBy(40), null, MS));
    RouterSettings s = RouterSettings.defaults(List.of("a", "b"));
    RouterBackend router = RouterFixture.router(s, clock, profiles, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      assertEquals("b", client.generate(REQUEST).backend());
      RouteDecision.Candidate ca = router.explain(REQUEST).orElseThrow().candidates().stream()
          .filter(c -> c.backend().equals("a")).findFirst().orElseThrow();
      assertEquals(Duration.ofMillis(30), ca.predictedTimeToFirstToken(), "still the prior, not 1 ms");
      assertEquals(0.5, router.members().get(0).stats().failureShare(clock.getAsLong()));
    }
  }
}
