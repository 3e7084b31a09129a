package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.LatencyBudget;
import io.infer4j.RouteDecision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each policy meets the budget with the right backend, in virtual time. */
class RouterPoliciesTest {

  private static final Duration MS = Duration.ofMillis(1);

  private final VirtualClock clock = new VirtualClock();

  private ScriptedBackend backend(String name, int ttftMs, int perTokenMs) {
    return new ScriptedBackend(name, clock::advance, answer(MS.multipliedBy(ttftMs), MS.multipliedBy(perTokenMs)))
        .estimating(MS.multipliedBy(ttftMs), MS.multipliedBy(perTokenMs), 1.0);
  }

  private static InferenceRequest request(int ttftBudgetMs, int totalBudgetMs) {
    return InferenceRequest.builder().prompt("hello").maxTokens(5)
        .budget(LatencyBudget.ofTimeToFirstToken(Duration.ofMillis(ttftBudgetMs))
            .withTotal(Duration.ofMillis(totalBudgetMs)))
        .build();
  }

  @Test
  void fastestPicksTheBackendPredictedFastestAndTheResponseNamesIt() {
    ScriptedBackend slow = backend("slow", 80, 20);
    ScriptedBackend quick = backend("quick", 10, 5);
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("slow", "quick")), clock, slow, quick);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      InferenceResponse r = client.generate(request(200, 1000));
      assertEquals("quick", r.backend());
      assertEquals("quick0 quick1 quick2 quick3 quick4", r.text());
      RouteDecision d = r.route();
      assertEquals("quick", d.chosen());
      assertTrue(d.reason().startsWith("fastest predicted within the budget"), d.reason());
      assertEquals(List.of("quick", "slow"), d.candidates().stream().map(RouteDecision.Candidate::backend).toList());
      assertEquals(Duration.ofMillis(10), d.candidates().get(0).predictedTimeToFirstToken());
      assertEquals(Duration.ofMillis(30), d.candidates().get(0).predictedTotal());
      assertEquals(1, d.attempts().size());
      assertEquals(RouteDecision.Outcome.SUCCEEDED, d.attempts().get(0).outcome());
      assertEquals(0, slow.starts());
    }
  }

  @Test
  void fastestExcludesABackendWhoseTotalWouldOverrunTheBudget() {
    ScriptedBackend quickStartSlowDecode = backend("a", 5, 100);
    ScriptedBackend steady = backend("b", 40, 10);
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("a", "b")), clock, quickStartSlowDecode, steady);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      InferenceResponse r = client.generate(request(100, 200));
      assertEquals("b", r.backend());
      RouteDecision.Candidate a = r.route().candidates().get(1);
      assertEquals("a", a.backend());
      assertFalse(a.eligible());
      assertTrue(a.note().startsWith("too slow"), a.note());
    }
  }

  @Test
  void cheapestWithinBudgetPicksTheCheapestThatStillFits() {
    ScriptedBackend premium = backend("premium", 5, 1);
    ScriptedBackend budget = backend("budget", 50, 10);
    ScriptedBackend bargain = backend("bargain", 500, 50);
    RouterSettings s = RouterSettings.defaults(List.of("premium", "budget", "bargain"))
        .withPolicy(Policy.CHEAPEST_WITHIN_BUDGET);
    List<BackendProfile> profiles = List.of(
        BackendProfile.plain("premium", 1).withCost(5.0),
        BackendProfile.plain("budget", 2).withCost(1.0),
        BackendProfile.plain("bargain", 3).withCost(0.1));
    RouterBackend router = RouterFixture.router(s, clock, profiles, premium, budget, bargain);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      InferenceResponse r = client.generate(request(200, 1000));
      assertEquals("budget", r.backend());
      assertTrue(r.route().reason().startsWith("cheapest within the budget"), r.route().reason());
      assertEquals(0, premium.starts() + bargain.starts());
    }
  }

  @Test
  void priorityWithinBudgetPicksTheMostPreferredThatFits() {
    ScriptedBackend first = backend("first", 300, 10);
    ScriptedBackend second = backend("second", 60, 10);
    ScriptedBackend third = backend("third", 5, 1);
    RouterSettings s = RouterSettings.defaults(List.of("first", "second", "third"))
        .withPolicy(Policy.PRIORITY_WITHIN_BUDGET);
    RouterBackend router = RouterFixture.router(s, clock, first, second, third);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      InferenceResponse r = client.generate(request(200, 1000));
      assertEquals("second", r.backend());
      assertTrue(r.route().reason().contains("priority 2"), r.route().reason());
    }
  }

  @Test
  void anEstimateWithLowConfidenceIsInflatedBeforeItIsComparedWithTheBudget() {
    ScriptedBackend unsure = new ScriptedBackend("unsure", clock::advance, answer(MS.multipliedBy(60), MS))
        .estimating(Duration.ofMillis(60), MS, 0.5); // counts as 90 ms
    ScriptedBackend sure = backend("sure", 80, 1);
    RouterBackend router = RouterFixture.router(
        RouterSettings.defaults(List.of("unsure", "sure")), clock, unsure, sure);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      InferenceResponse r = client.generate(request(85, 1000));
      assertEquals("sure", r.backend());
      RouteDecision.Candidate u = r.route().candidates().get(1);
      assertEquals(Duration.ofMillis(90), u.predictedTimeToFirstToken());
      assertTrue(u.note().contains("confidence 0.50"), u.note());
    }
  }

  @Test
  void theRouterLearnsFromObservationsAndPrefersWhatItSawBeFaster() {
    // no estimates: priors say "a" is quicker, but it really takes 150 ms to a first token
    ScriptedBackend a = new ScriptedBackend("a", clock::advance, answer(MS.multipliedBy(150), MS));
    ScriptedBackend b = new ScriptedBackend("b", clock::advance, answer(MS.multipliedBy(60), MS));
    RouterSettings s = RouterSettings.defaults(List.of("a", "b"));
    List<BackendProfile> profiles = List.of(
        BackendProfile.plain("a", 1).withPriors(MS.multipliedBy(20), null, MS),
        BackendProfile.plain("b", 2).withPriors(MS.multipliedBy(80), null, MS));
    RouterBackend router = RouterFixture.router(s, clock, profiles, a, b);
    try (InferenceClient client = RouterFixture.client(router, clock)) {
      InferenceRequest req = InferenceRequest.builder().prompt("hi").maxTokens(2).build();
      assertEquals("a", client.generate(req).backend()); // priors
      InferenceResponse second = client.generate(req);
      assertEquals("b", second.backend()); // learnt: a took 150 ms, b's prior is 80 ms
      RouteDecision.Candidate learnt = second.route().candidates().get(1);
      assertEquals("a", learnt.backend());
      assertNotNull(learnt.predictedTimeToFirstToken());
      assertEquals(Duration.ofMillis(150), learnt.predictedTimeToFirstToken());
      assertTrue(learnt.note().contains("learnt from 1 observation"), learnt.note());
    }
  }
}
