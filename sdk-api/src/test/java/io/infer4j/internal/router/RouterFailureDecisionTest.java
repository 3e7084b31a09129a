package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static io.infer4j.internal.router.ScriptedBackend.failAfterFirstToken;
import static io.infer4j.internal.router.ScriptedBackend.failBeforeFirstToken;
import static io.infer4j.internal.router.ScriptedBackend.failOnStart;
import static io.infer4j.internal.router.ScriptedBackend.hang;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceStream;
import io.infer4j.LatencyBudget;
import io.infer4j.ModelNotFoundException;
import io.infer4j.RouteDecision.Attempt;
import io.infer4j.RouteDecision.Outcome;
import io.infer4j.RouteDecision;
import io.infer4j.StreamInterruptedException;
import io.infer4j.TokenChunk;
import io.infer4j.internal.BackendClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every way a routed request can fail reaches the caller with the router's decision on the
 * exception: the candidates with their predictions, and each attempt with its outcome, time and
 * error. Virtual time where one thread suffices; the system clock (short scripted latencies) for
 * the deadline watch and hedged races.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RouterFailureDecisionTest {

  private static final Duration MS = Duration.ofMillis(1);
  private static final InferenceRequest REQUEST = InferenceRequest.builder().prompt("hi").maxTokens(2)
      .budget(LatencyBudget.ofTimeToFirstToken(Duration.ofMillis(500))
          .withTotal(Duration.ofSeconds(2))).build();

  private final VirtualClock clock = new VirtualClock();

  private ScriptedBackend scripted(String name, int predictedTtftMs, ScriptedBackend.Step step) {
    return new ScriptedBackend(name, clock::advance, step)
        .estimating(MS.multipliedBy(predictedTtftMs), MS, 1.0);
  }

  private static BackendUnavailableException down(String name) {
    return new BackendUnavailableException(name, "connection refused", true);
  }

  private static RouteDecision routeOf(InferenceException e) {
    assertTrue(e.route().isPresent(), () -> "no decision on " + e);
    return e.route().get();
  }

  private static List<String> backends(RouteDecision d) {
    List<String> names = new ArrayList<>();
    d.candidates().forEach(c -> names.add(c.backend()));
    return names;
  }

  @Test
  void whenEveryCandidateIsExcludedTheErrorCarriesTheCandidatesAndWhyNoneFits() {
    InferenceRequest tight = InferenceRequest.builder().prompt("hi").maxTokens(3)
        .timeToFirstTokenBudget(Duration.ofMillis(20)).build();
    ScriptedBackend slow = scripted("slow", 200, answer(MS.multipliedBy(200), MS));
    ScriptedBackend slower = scripted("slower", 400, answer(MS.multipliedBy(400), MS));
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("slower", "slow")), clock, slower, slow);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      DeadlineExceededException e =
          assertThrows(DeadlineExceededException.class, () -> client.generate(tight));
      RouteDecision d = routeOf(e);
      assertEquals(List.of("slow", "slower"), backends(d));
      assertTrue(d.candidates().stream().noneMatch(RouteDecision.Candidate::eligible));
      assertEquals(Duration.ofMillis(200), d.candidates().get(0).predictedTimeToFirstToken());
      assertTrue(d.candidates().get(0).note().startsWith("too slow"), d.candidates().get(0).note());
      assertEquals("", d.chosen());
      assertTrue(d.reason().startsWith("deadline exceeded: no backend is predicted"), d.reason());
      assertEquals(List.of(), d.attempts());
    }
  }

  @Test
  void whenThePrimaryAndItsFallbackFailTheErrorListsBothAttemptsWithTheirErrors() {
    ScriptedBackend a = scripted("a", 10, failBeforeFirstToken(MS.multipliedBy(5), down("a")));
    ScriptedBackend b = scripted("b", 50, failOnStart(down("b")));
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      BackendUnavailableException e =
          assertThrows(BackendUnavailableException.class, () -> client.generate(REQUEST));
      assertEquals("router", e.backend(), "the type and message are what they were");
      RouteDecision d = routeOf(e);
      assertEquals(List.of("a", "b"), backends(d));
      assertTrue(d.candidates().stream().allMatch(RouteDecision.Candidate::eligible));
      assertEquals("a", d.chosen(), "the first choice, since none served");
      List<Attempt> attempts = d.attempts();
      assertEquals(2, attempts.size());
      assertEquals("a", attempts.get(0).backend());
      assertEquals(Outcome.FAILED, attempts.get(0).outcome());
      assertEquals(Duration.ofMillis(5), attempts.get(0).elapsed());
      assertTrue(attempts.get(0).error().contains("connection refused"), attempts.get(0).error());
      assertEquals("b", attempts.get(1).backend());
      assertEquals(Outcome.FAILED, attempts.get(1).outcome());
      assertTrue(d.reason().contains("a failed (retryable)") && d.reason().contains("b failed"),
          d.reason());
    }
  }

  @Test
  void aNonRetryableFailureCarriesTheOneAttemptMade() {
    ScriptedBackend a = scripted("a", 10,
        failBeforeFirstToken(MS, new ModelNotFoundException("m", "no model m")));
    ScriptedBackend b = scripted("b", 50, answer(MS.multipliedBy(50), MS));
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> client.generate(REQUEST));
      assertEquals("m", e.model());
      List<Attempt> attempts = routeOf(e).attempts();
      assertEquals(1, attempts.size());
      assertEquals("a", attempts.get(0).backend());
      assertEquals(Outcome.FAILED, attempts.get(0).outcome());
      assertTrue(attempts.get(0).error().contains("no model m"), attempts.get(0).error());
    }
  }

  @Test
  void aStreamBrokenMidwayThrowsFromTheIteratorWithThePartialTextAndTheDecision() {
    ScriptedBackend a = scripted("a", 10, failAfterFirstToken(MS.multipliedBy(10), down("a")));
    ScriptedBackend b = scripted("b", 50, answer(MS.multipliedBy(50), MS));
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), clock, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock);
        InferenceStream stream = client.stream(REQUEST)) {
      List<String> seen = new ArrayList<>();
      StreamInterruptedException e = assertThrows(StreamInterruptedException.class, () -> {
        for (TokenChunk c : stream) {
          seen.add(c.text());
        }
      });
      assertEquals(List.of("a0"), seen);
      assertEquals("a0", e.partialText());
      RouteDecision d = routeOf(e);
      assertEquals("a", d.chosen(), "the backend that was serving");
      assertEquals(1, d.attempts().size());
      assertEquals(Outcome.FAILED, d.attempts().get(0).outcome());
      assertTrue(d.attempts().get(0).error().contains("connection refused"), d.attempts().get(0).error());
      assertEquals(0, b.starts(), "no fallback after the first token");
      // response() rethrows the same failure, decision included
      assertEquals(d, routeOf(assertThrows(StreamInterruptedException.class, stream::response)));
    }
  }

  @Test
  void aDeadlinePassingDuringAnAttemptCarriesTheAttemptCutShort() {
    InferenceRequest request = InferenceRequest.builder().prompt("hi").maxTokens(2)
        .timeToFirstTokenBudget(Duration.ofMillis(150)).build();
    ScriptedBackend stuck = new ScriptedBackend("stuck", ScriptedBackend.realTime(), hang())
        .estimating(MS.multipliedBy(10), MS, 1.0);
    ScriptedBackend other = new ScriptedBackend("other", ScriptedBackend.realTime(), answer(MS, MS))
        .estimating(MS.multipliedBy(100), MS, 1.0);
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("stuck", "other")), System::nanoTime, stuck, other);
    try (InferenceClient client = new BackendClient("router", router)) {
      DeadlineExceededException e =
          assertThrows(DeadlineExceededException.class, () -> client.generate(request));
      RouteDecision d = routeOf(e);
      assertEquals(List.of("stuck", "other"), backends(d));
      assertEquals(1, d.attempts().size());
      Attempt cut = d.attempts().get(0);
      assertEquals("stuck", cut.backend());
      assertEquals(Outcome.CANCELLED, cut.outcome());
      assertTrue(cut.elapsed().compareTo(Duration.ofMillis(100)) >= 0, cut.elapsed().toString());

      // the async form reports the same kind of decision on the future's failure
      ExecutionException async = assertThrows(ExecutionException.class,
          () -> client.generateAsync(request).get(10, TimeUnit.SECONDS));
      DeadlineExceededException cause = assertInstanceOf(DeadlineExceededException.class, async.getCause());
      assertEquals("stuck", routeOf(cause).attempts().get(0).backend());
    }
  }

  @Test
  void aHedgedRaceWhereBothFailCarriesThePrimaryAndTheHedge() {
    InferenceRequest request = InferenceRequest.builder().prompt("hi").maxTokens(2)
        .timeToFirstTokenBudget(Duration.ofSeconds(5)).build();
    ScriptedBackend primary = new ScriptedBackend("primary", ScriptedBackend.realTime(),
        failBeforeFirstToken(MS.multipliedBy(300), down("primary")))
        .estimating(MS.multipliedBy(20), MS, 1.0);
    ScriptedBackend backup = new ScriptedBackend("backup", ScriptedBackend.realTime(),
        failBeforeFirstToken(MS, down("backup")))
        .estimating(MS.multipliedBy(40), MS, 1.0);
    RouterSettings hedged = RouterSettings.defaults(List.of("primary", "backup")).withHedging(true, 1.0);
    RouterBackend router = RouterFixture.router(hedged, System::nanoTime, primary, backup);
    try (InferenceClient client = new BackendClient("router", router)) {
      BackendUnavailableException e =
          assertThrows(BackendUnavailableException.class, () -> client.generate(request));
      RouteDecision d = routeOf(e);
      assertEquals(2, d.attempts().size(), d.toString());
      Attempt first = d.attempts().get(0);
      Attempt hedge = d.attempts().get(1);
      assertEquals("primary", first.backend());
      assertFalse(first.hedge());
      assertEquals(Outcome.FAILED, first.outcome());
      assertEquals("backup", hedge.backend());
      assertTrue(hedge.hedge());
      assertEquals(Outcome.FAILED, hedge.outcome());
      assertTrue(d.reason().contains("hedged with backup"), d.reason());
    }
  }

  @Test
  void aBudgetSpentBeforeTheRouterStartsCarriesThePlan() {
    ScriptedBackend a = scripted("a", 10, answer(MS, MS));
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a")), clock, a);
    io.infer4j.spi.Deadline deadline = io.infer4j.spi.Deadline.start(
        io.infer4j.LatencyBudget.ofTotal(Duration.ofMillis(10)), clock, java.time.Clock.systemUTC());
    clock.advance(Duration.ofMillis(10));
    DeadlineExceededException e =
        assertThrows(DeadlineExceededException.class, () -> router.start(REQUEST, deadline));
    assertEquals(List.of("a"), backends(routeOf(e)));
    assertEquals(0, a.starts());
  }
}
