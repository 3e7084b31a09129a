package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.LatencyBudget;
import io.infer4j.RouteDecision;
import io.infer4j.spi.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What happens when no backend is predicted to fit, and when the budget is already spent. */
class RouterNoneFitsTest {

  private static final Duration MS = Duration.ofMillis(1);
  private static final InferenceRequest TIGHT = InferenceRequest.builder().prompt("hi").maxTokens(3)
      .timeToFirstTokenBudget(Duration.ofMillis(20)).build();

  private final VirtualClock clock = new VirtualClock();
  private final ScriptedBackend slow = backend("slow", 200);
  private final ScriptedBackend slower = backend("slower", 400);

  private ScriptedBackend backend(String name, int ttftMs) {
    return new ScriptedBackend(name, clock::advance, answer(MS.multipliedBy(ttftMs), MS))
        .estimating(MS.multipliedBy(ttftMs), MS, 1.0);
  }

  @Test
  void byDefaultItFailsAtOnceWithADeadlineErrorNamingEachPrediction() {
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("slower", "slow")), clock, slower, slow);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      long before = clock.getAsLong();
      DeadlineExceededException e =
          assertThrows(DeadlineExceededException.class, () -> client.generate(TIGHT));
      assertTrue(e.reason().startsWith("no backend is predicted to meet the budget (ttft 20 ms left at p90)"),
          e.reason());
      assertTrue(e.reason().contains("slow: too slow: ttft 200 ms"), e.reason());
      assertEquals(0, slow.starts() + slower.starts(), "nothing was started");
      assertEquals(before, clock.getAsLong(), "no time passed");
    }
  }

  @Test
  void configuredToServeAnywayItUsesTheFastestAndSaysSoWhileTheBudgetStillApplies() {
    // predicted 200 ms, really 5 ms: served; the budget still bounds the attempt
    ScriptedBackend pessimistic = new ScriptedBackend("slow", clock::advance, answer(MS.multipliedBy(5), MS))
        .estimating(MS.multipliedBy(200), MS, 1.0);
    RouterSettings s = RouterSettings.defaults(List.of("slower", "slow"))
        .withWhenNoneFits(WhenNoneFits.FASTEST);
    RouterBackend router = RouterFixture.router(s, clock, slower, pessimistic);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      InferenceResponse r = client.generate(TIGHT);
      assertEquals("slow", r.backend());
      RouteDecision d = r.route();
      assertEquals("slow", d.chosen());
      assertTrue(d.reason().startsWith("no backend is predicted to meet the budget"), d.reason());
      assertTrue(d.reason().contains("serving the fastest predicted, slow"), d.reason());
      assertFalse(d.candidates().get(0).eligible());
      assertEquals(0, slower.starts());
    }
  }

  @Test
  void anAlreadySpentBudgetFailsWithoutStartingAnyAttempt() {
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("slower", "slow")), clock, slower, slow);
    Deadline deadline = Deadline.start(LatencyBudget.ofTotal(Duration.ofMillis(10)), clock, Clock.systemUTC());
    clock.advance(Duration.ofMillis(10));
    assertThrows(DeadlineExceededException.class, () -> router.start(TIGHT, deadline));
    assertEquals(0, slow.starts() + slower.starts());
    router.close();
  }

  @Test
  void explainReportsTheDecisionWithoutRunningAnything() {
    ScriptedBackend quick = backend("quick", 5);
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("slow", "quick")), clock, slow, quick);
    RouteDecision d = router.explain(TIGHT).orElseThrow();
    assertEquals("quick", d.chosen());
    assertTrue(d.attempts().isEmpty());
    assertEquals(List.of(true, false), d.candidates().stream().map(RouteDecision.Candidate::eligible).toList());
    assertEquals(0, quick.starts() + slow.starts());

    RouteDecision none = RouterFixture.router(
        RouterSettings.defaults(List.of("slower", "slow")), clock, slower, slow).explain(TIGHT).orElseThrow();
    assertEquals("", none.chosen(), "the router would fail");
    assertTrue(none.reason().contains("deadline exceeded"), none.reason());
  }
}
