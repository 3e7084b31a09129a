package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import io.infer4j.RouteDecision.Outcome;
import io.infer4j.internal.BackendClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A router that knows nothing meets the budget from its first request by hedging into the
 * unknown (issue 12, point 2): issue 12's scenario, {@code fast} (first token after 60 ms) and
 * {@code slow} (after 1,200 ms, cheaper), cheapest within a 500 ms first-token budget, default
 * settings (hedging off). Real threads and the system clock, short scripted latencies; outcomes
 * are asserted, not durations.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RouterColdStartTest {
  private static final Duration MS = Duration.ofMillis(1);
  private static final InferenceRequest HELLO = InferenceRequest.builder().prompt("hello")
      .maxTokens(4).timeToFirstTokenBudget(Duration.ofMillis(500)).build();

  private RouterBackend router(RouterSettings settings, ScriptedBackend fast,
      ScriptedBackend slow) {
    return new RouterBackend("router", List.of(
        new Member(BackendProfile.plain("fast", 1).withCost(10), fast, settings),
        new Member(BackendProfile.plain("slow", 2).withCost(1), slow, settings)),
        settings, System::nanoTime);
  }

  /** Issue 12's {@code fast}: its first token after 60 ms. */
  private static ScriptedBackend fast() {
    return new ScriptedBackend("fast", ScriptedBackend.realTime(),
        answer(MS.multipliedBy(60), Duration.ZERO));
  }

  /** Issue 12's {@code slow}: its first token after 1,200 ms. */
  private static ScriptedBackend slow() {
    return new ScriptedBackend("slow", ScriptedBackend.realTime(),
        answer(MS.multipliedBy(1200), Duration.ZERO));
  }

  private static RouterSettings cheapest() {
    return RouterSettings.defaults(List.of("fast", "slow")).withPolicy(Policy.CHEAPEST_WITHIN_BUDGET);
  }

  @Test
  void theColdFirstRequestSucceedsOnTheFastBackend() {
    ScriptedBackend fast = fast();
    ScriptedBackend slow = slow();
    try (RouterBackend router = router(cheapest(), fast, slow);
        InferenceClient client = new BackendClient("router", router)) {
      InferenceResponse r = client.generate(HELLO);
      assertEquals("fast", r.backend());
      List<RouteDecision.Attempt> attempts = r.route().attempts();
      assertEquals(2, attempts.size(), attempts.toString());
      assertEquals("slow", attempts.get(0).backend(), "the cheaper, unknown one went first");
      assertEquals(Outcome.CANCELLED, attempts.get(0).outcome());
      assertFalse(attempts.get(0).hedge());
      assertEquals("fast", attempts.get(1).backend());
      assertTrue(attempts.get(1).hedge());
      assertEquals(Outcome.SUCCEEDED, attempts.get(1).outcome());
      assertTrue(slow.generations().get(0).isClosed(), "the loser is closed");
    }
  }

  @Test
  void aFirstChoiceCutOffByItsHedgeDoesNotLookAsFastAsTheCut() {
    ScriptedBackend fast = fast();
    ScriptedBackend slow = slow();
    try (RouterBackend router = router(cheapest(), fast, slow);
        InferenceClient client = new BackendClient("router", router)) {
      assertEquals("fast", client.generate(HELLO).backend()); // slow cut off at ~310 ms

      RouteDecision next = io.infer4j.Routing.explain(client, HELLO);
      RouteDecision.Candidate slowOne = next.candidates().stream()
          .filter(c -> c.backend().equals("slow")).findFirst().orElseThrow();
      assertEquals(null, slowOne.predictedTimeToFirstToken(),
          "a wait cut off is not an observation: " + slowOne);
      InferenceResponse second = client.generate(HELLO);
      assertEquals("fast", second.backend(), second.route().toString());
    }
  }

  @Test
  void withHedgingIntoTheUnknownTurnedOffTheColdRequestWaitsOnTheUnknownOne() {
    ScriptedBackend fast = fast();
    ScriptedBackend slow = slow();
    try (RouterBackend router = router(cheapest().withHedgeUnknownShare(0), fast, slow);
        InferenceClient client = new BackendClient("router", router)) {
      org.junit.jupiter.api.Assertions.assertThrows(io.infer4j.DeadlineExceededException.class,
          () -> client.generate(HELLO));
      assertEquals(0, fast.starts(), "no hedge");
    }
  }

  @Test
  void aFirstChoiceWithAPredictionIsNotHedgedWhileHedgingIsOff() {
    // both estimate themselves: nothing is unknown, so nothing is hedged
    ScriptedBackend fast = new ScriptedBackend("fast", ScriptedBackend.realTime(),
        answer(MS.multipliedBy(60), Duration.ZERO)).estimating(MS.multipliedBy(60), MS, 1.0);
    ScriptedBackend slow = new ScriptedBackend("slow", ScriptedBackend.realTime(),
        answer(MS.multipliedBy(100), Duration.ZERO)).estimating(MS.multipliedBy(20), MS, 1.0);
    try (RouterBackend router = router(cheapest(), fast, slow);
        InferenceClient client = new BackendClient("router", router)) {
      InferenceResponse r = client.generate(HELLO);
      assertEquals("slow", r.backend(), "predicted to fit and cheaper; served although late");
      assertEquals(0, fast.starts());
    }
  }
}
