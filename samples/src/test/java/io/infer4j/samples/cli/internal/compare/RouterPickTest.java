package io.infer4j.samples.cli.internal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceRequest;
import io.infer4j.InvalidRequestException;
import io.infer4j.LatencyBudget;
import io.infer4j.spi.LatencyEstimate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pick is the router's own decision over the platforms' predictions. */
class RouterPickTest {

  private static RouterPick.Candidate candidate(String name, long ttftMs, long perTokenMs,
      double confidence, Double cost) {
    return new RouterPick.Candidate(name,
        new LatencyEstimate(Duration.ofMillis(ttftMs), Duration.ofMillis(perTokenMs), confidence),
        cost == null ? OptionalDouble.empty() : OptionalDouble.of(cost));
  }

  private static InferenceRequest request(Long ttftBudgetMs, Long totalBudgetMs) {
    InferenceRequest.Builder b = InferenceRequest.builder().prompt("Once upon a time").maxTokens(101);
    if (ttftBudgetMs != null) {
      b.timeToFirstTokenBudget(Duration.ofMillis(ttftBudgetMs));
    }
    if (totalBudgetMs != null) {
      b.budget(LatencyBudget.ofTotal(Duration.ofMillis(totalBudgetMs))
          .withTimeToFirstToken(ttftBudgetMs == null ? null : Duration.ofMillis(ttftBudgetMs)));
    }
    return b.build();
  }

  // for 101 tokens: quick 10 + 100 x 8 = 810 ms; steady 80 + 100 x 3 = 380 ms; cheap 300 + 1700
  private final List<RouterPick.Candidate> platforms = List.of(
      candidate("quick", 10, 8, 1.0, 2.0), candidate("steady", 80, 3, 1.0, 0.5),
      candidate("cheap", 300, 17, 1.0, 0.1));

  private Optional<String> pick(InferenceRequest r, RouterPick.Policy p) {
    return RouterPick.pick(platforms, r, p).platform();
  }

  @Test
  void fastestIsTheShortestTotalForTheRequestsTokensUnlessOnlyTheFirstTokenIsBudgeted() {
    assertEquals(Optional.of("steady"), pick(request(null, null), RouterPick.Policy.FASTEST));
    assertEquals(Optional.of("quick"), pick(request(500L, null), RouterPick.Policy.FASTEST));
    assertEquals(Optional.of("steady"), pick(request(500L, 1000L), RouterPick.Policy.FASTEST));
  }

  @Test
  void onlyPlatformsWithinEveryPartOfTheBudgetFit() {
    RouterPick.Pick p = RouterPick.pick(platforms, request(100L, null), RouterPick.Policy.CHEAPEST_WITHIN_BUDGET);
    assertEquals(Optional.of("steady"), p.platform(), "cheaper of the two that fit: " + p);
    assertEquals(Set.of("quick", "steady"), p.fitting());
    assertEquals(Optional.of("quick"),
        pick(request(50L, null), RouterPick.Policy.CHEAPEST_WITHIN_BUDGET));
    RouterPick.Pick none = RouterPick.pick(platforms, request(5L, null), RouterPick.Policy.FASTEST);
    assertEquals(Optional.empty(), none.platform());
    assertEquals(Set.of(), none.fitting());
    assertTrue(!none.reason().isBlank(), "the router says why nothing fits");
  }

  @Test
  void aLessCertainPredictionGetsTheRoutersMargin() {
    // 90 ms at confidence 0.8 counts as 90 x (2 - 0.8) = 108 ms against a 100 ms budget
    List<RouterPick.Candidate> two = List.of(
        candidate("model-gpu", 90, 1, 0.8, null), candidate("exact-lpu", 95, 1, 1.0, null));
    RouterPick.Pick p = RouterPick.pick(two, request(100L, null), RouterPick.Policy.FASTEST);
    assertEquals(Optional.of("exact-lpu"), p.platform(), p::toString);
    assertEquals(Set.of("exact-lpu"), p.fitting());
  }

  @Test
  void anUnpricedPlatformCountsAsFreeAsInTheRouterAndTheReasonSaysWhenNoneHasAPrice() {
    List<RouterPick.Candidate> mixed = List.of(
        candidate("priced", 10, 1, 1.0, 0.2), candidate("unpriced", 50, 1, 1.0, null));
    assertEquals(Optional.of("unpriced"), RouterPick.pick(mixed, request(null, null),
        RouterPick.Policy.CHEAPEST_WITHIN_BUDGET).platform());

    List<RouterPick.Candidate> unpriced = List.of(
        candidate("a", 10, 5, 1.0, null), candidate("b", 10, 3, 1.0, null));
    RouterPick.Pick p = RouterPick.pick(unpriced, request(null, null), RouterPick.Policy.CHEAPEST_WITHIN_BUDGET);
    assertEquals(Optional.of("b"), p.platform(), "ties go to the faster");
    assertTrue(p.reason().endsWith("(no platform has a price, so all count as free and the faster wins)"),
        p.reason());
  }

  @Test
  void noCandidatesMeansNoPick() {
    RouterPick.Pick p = RouterPick.pick(List.of(), request(null, null), RouterPick.Policy.FASTEST);
    assertEquals(Optional.empty(), p.platform());
    assertEquals("no platform has figures to choose from", p.reason());
  }

  @Test
  void anUnknownPolicyNamesTheAcceptedOnes() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> RouterPick.Policy.fromId("random"));
    assertEquals("policy", e.field());
    assertTrue(e.getMessage().contains("fastest, cheapest-within-budget"), e.getMessage());
    assertEquals(RouterPick.Policy.CHEAPEST_WITHIN_BUDGET, RouterPick.Policy.fromId(" Cheapest-Within-Budget "));
  }
}
