package io.infer4j.samples.cli.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Pareto front of cost against latency, on points placed by hand. */
class ParetoFrontTest {

  /** A hardware at {@code ms} per token and {@code usd} per million tokens. */
  private record P(String name, double ms, double usd) {}

  private static List<String> front(P... points) {
    return ParetoFront.of(List.of(points), P::ms, P::usd).stream().map(P::name).toList();
  }

  @Test
  void theFrontIsWhatNothingBeatsOnBothInOrderOfLatency() {
    // fast but dear, slow but cheap and one in between are each best at something; "beaten" is
    // slower and dearer than "middle"; "slowest" costs what "cheap" does but is slower.
    assertEquals(List.of("fast", "middle", "cheap"), front(
        new P("cheap", 30, 10), new P("beaten", 25, 50), new P("fast", 5, 500),
        new P("middle", 20, 40), new P("slowest", 40, 10)));
  }

  @Test
  void aPointBeatenOnOneAxisAndTiedOnTheOtherIsOff() {
    assertEquals(List.of("a"), front(new P("a", 10, 10), new P("same cost", 12, 10),
        new P("same speed", 10, 11)));
  }

  @Test
  void equalPointsBeatNeitherAndBothStay() {
    assertEquals(List.of("x", "y"), front(new P("x", 10, 10), new P("y", 10, 10), new P("z", 11, 11)));
  }

  @Test
  void onePointIsItsOwnFrontNoneIsEmptyAndUnplaceablePointsAreLeftOut() {
    assertEquals(List.of("only"), front(new P("only", 3, 4)));
    assertEquals(List.of(), front());
    assertEquals(List.of("priced"), front(new P("unpriced", 1, Double.NaN), new P("priced", 9, 9)),
        "a point without a cost cannot beat one with a cost");
  }

  @Test
  void aDiagonalOfTradeOffsIsAllFront() {
    assertEquals(List.of("a", "b", "c", "d"), front(new P("d", 4, 1), new P("c", 3, 2),
        new P("b", 2, 3), new P("a", 1, 4)));
  }
}
