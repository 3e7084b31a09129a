package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static io.infer4j.internal.router.ScriptedBackend.failBeforeFirstToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.RouteDecision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up probing (issue 12, point 1): the cold first request knows what a probe measured. */
class RouterProbeTest {
  private static final Duration MS = Duration.ofMillis(1);

  private final VirtualClock clock = new VirtualClock();

  private RouterBackend router(ScriptedBackend fast, ScriptedBackend slow) {
    RouterSettings settings = RouterSettings.defaults(List.of("fast", "slow"))
        .withPolicy(Policy.CHEAPEST_WITHIN_BUDGET);
    return new RouterBackend("router", List.of(
        new Member(BackendProfile.plain("fast", 1).withCost(10), fast, settings),
        new Member(BackendProfile.plain("slow", 2).withCost(1), slow, settings)),
        settings, clock);
  }

  private static InferenceRequest within(int ttftMs) {
    return InferenceRequest.builder().prompt("hello").maxTokens(4)
        .timeToFirstTokenBudget(Duration.ofMillis(ttftMs)).build();
  }

  @Test
  void theFirstRequestIsRoutedOnWhatTheProbesMeasured() throws Exception {
    ScriptedBackend fast = new ScriptedBackend("fast", clock::advance, answer(MS.multipliedBy(60), MS));
    ScriptedBackend slow = new ScriptedBackend("slow", clock::advance,
        answer(MS.multipliedBy(1200), MS));
    try (RouterBackend router = router(fast, slow);
        InferenceClient client = RouterFixture.client(router, clock)) {
      // probes one after the other here, so that each advances the shared virtual clock alone
      assertTrue(router.startProbes(Duration.ofSeconds(2), Runnable::run).await(Duration.ZERO));
      assertEquals(2, fast.starts(), "a warm-up, then the measured probe");
      assertEquals(2, slow.starts());

      InferenceResponse r = client.generate(within(500));
      assertEquals("fast", r.backend(), "the cheaper one is known to miss 500 ms");
      assertEquals(2, slow.starts(), "no user request was sent to learn the slow one");
      for (RouteDecision.Candidate c : r.route().candidates()) {
        assertTrue(c.note().contains("learnt from 1 observation (1 from a start-up probe)"),
            c.note());
      }
      // with a loose budget the cheaper one wins from its first user request
      assertEquals("slow", client.generate(within(5_000)).backend());
    }
  }

  @Test
  void backendsThatEstimateOrHavePriorsAreNotProbedAndFailedProbesTeachNothing()
      throws Exception {
    ScriptedBackend estimating = new ScriptedBackend("fast", clock::advance,
        answer(MS.multipliedBy(60), MS)).estimating(MS.multipliedBy(60), MS, 1.0);
    ScriptedBackend broken = new ScriptedBackend("slow", clock::advance, failBeforeFirstToken(
        MS.multipliedBy(10), new BackendUnavailableException("slow", "down", true)));
    try (RouterBackend router = router(estimating, broken);
        InferenceClient client = RouterFixture.client(router, clock)) {
      assertTrue(router.startProbes(Duration.ofSeconds(2), Runnable::run).await(Duration.ZERO));
      assertEquals(0, estimating.starts(), "it estimates its own latency");
      assertEquals(1, broken.starts(), "no second probe after a failed warm-up");
      RouteDecision d = router.explain(within(5_000)).orElseThrow();
      RouteDecision.Candidate slow = d.candidates().stream()
          .filter(c -> c.backend().equals("slow")).findFirst().orElseThrow();
      assertTrue(slow.note().startsWith("no prediction yet"), slow.note());
      assertTrue(slow.eligible(), "a failed probe does not count against it: " + slow.note());
    }
  }

  @Test
  void onlyTheSecondProbeIsMeasuredSoAColdClientDoesNotCondemnAFastBackend() throws Exception {
    // the first request through a fresh client pays for class loading and connection set-up
    ScriptedBackend fast = new ScriptedBackend("fast", clock::advance,
        answer(MS.multipliedBy(700), MS), answer(MS.multipliedBy(20), MS));
    ScriptedBackend slow = new ScriptedBackend("slow", clock::advance,
        answer(MS.multipliedBy(1200), MS));
    try (RouterBackend router = router(fast, slow);
        InferenceClient client = RouterFixture.client(router, clock)) {
      assertTrue(router.startProbes(Duration.ofSeconds(2), Runnable::run).await(Duration.ZERO));
      RouteDecision d = router.explain(within(500)).orElseThrow();
      RouteDecision.Candidate f = d.candidates().stream()
          .filter(c -> c.backend().equals("fast")).findFirst().orElseThrow();
      assertEquals(Duration.ofMillis(20), f.predictedTimeToFirstToken(), f.note());
      assertTrue(f.eligible(), f.note());
      assertEquals("fast", client.generate(within(500)).backend());
    }
  }

  @Test
  void theProbeKeyTakesOffOrOnStart() {
    Map<String, String> m = new java.util.HashMap<>(Map.of(
        "infer4j.backend", "router",
        "infer4j.router.backends", "a",
        "infer4j.backends.a.type", "alpha",
        "infer4j.router.probe", "always"));
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> InferenceClients.fromProperties(m));
    assertEquals("infer4j.router.probe", e.key());
    assertTrue(e.getMessage().contains("off or on-start"), e.getMessage());
  }
}
