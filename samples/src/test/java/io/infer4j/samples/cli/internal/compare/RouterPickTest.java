package io.infer4j.samples.cli.internal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The pick follows the router's policies: fit the budget, then fastest or cheapest. */
class RouterPickTest {

  private static PlatformRow row(String name, double ttft, double total, Double cost) {
    Figures f = Figures.of(ttft, 100, total)
        .withCost(cost == null ? OptionalDouble.empty() : OptionalDouble.of(cost));
    return PlatformRow.of(name, "", Source.MEASURED, "m", "", 0, f, "");
  }

  private static RouterPick.Budget budget(Double ttft, Double total) {
    return new RouterPick.Budget(
        ttft == null ? OptionalDouble.empty() : OptionalDouble.of(ttft),
        total == null ? OptionalDouble.empty() : OptionalDouble.of(total));
  }

  // quick: first token early, slow to finish; steady: later first token, done sooner
  private final List<PlatformRow> rows = List.of(
      row("quick", 10, 900, 2.0), row("steady", 80, 400, 0.5), row("cheap", 300, 2000, null),
      PlatformRow.failed("down", "", Source.MEASURED, "m", "", "BackendUnavailableException: refused"));

  private Optional<String> pick(RouterPick.Budget b, RouterPick.Policy p) {
    return RouterPick.pick(rows, "m", b, p).platform();
  }

  @Test
  void fastestMeansShortestTotalUnlessOnlyTheFirstTokenIsBudgeted() {
    assertEquals(Optional.of("steady"), pick(RouterPick.Budget.NONE, RouterPick.Policy.FASTEST));
    assertEquals(Optional.of("quick"), pick(budget(500.0, null), RouterPick.Policy.FASTEST));
    assertEquals(Optional.of("steady"), pick(budget(500.0, 1000.0), RouterPick.Policy.FASTEST));
  }

  @Test
  void onlyPlatformsWithinEveryPartOfTheBudgetCompete() {
    assertEquals(Optional.of("quick"), pick(budget(50.0, null), RouterPick.Policy.CHEAPEST_WITHIN_BUDGET));
    assertEquals(Optional.of("steady"), pick(budget(null, 500.0), RouterPick.Policy.CHEAPEST_WITHIN_BUDGET));
    RouterPick.Pick none = RouterPick.pick(rows, "m", budget(5.0, null), RouterPick.Policy.FASTEST);
    assertEquals(Optional.empty(), none.platform());
    assertTrue(none.reason().contains("none of 3 platforms meets TTFT <= 5 ms"), none.reason());
  }

  @Test
  void cheapestPrefersAKnownLowPriceAndRanksUnknownPricesLast() {
    assertEquals(Optional.of("steady"), pick(RouterPick.Budget.NONE, RouterPick.Policy.CHEAPEST_WITHIN_BUDGET));
    List<PlatformRow> unpriced = List.of(row("a", 10, 500, null), row("b", 10, 300, null));
    assertEquals(Optional.of("b"), RouterPick.pick(unpriced, "m", RouterPick.Budget.NONE,
        RouterPick.Policy.CHEAPEST_WITHIN_BUDGET).platform(), "ties go to the faster");
  }

  @Test
  void theReasonGivesTheRuleAndTheDecidingFigures() {
    RouterPick.Pick p = RouterPick.pick(rows, "m", budget(100.0, null), RouterPick.Policy.FASTEST);
    assertEquals("fastest among 2 of 3 platforms that meet TTFT <= 100 ms: TTFT 10.0 ms, total 900 ms,"
        + " $2.00 per million tokens", p.reason());
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
