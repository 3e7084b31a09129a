package io.infer4j.runtime.serving.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringsTest {

  @Test
  void withoutStopStringsEveryPieceGoesThroughAtOnce() {
    StopStrings s = new StopStrings(List.of());
    assertEquals(new StopStrings.Step("Once", false), s.accept("Once"));
    assertEquals("", s.release());
  }

  @Test
  void aTailThatMayStartAStopStringIsHeldBackUntilItCannot() {
    StopStrings s = new StopStrings(List.of("END"));
    assertEquals(new StopStrings.Step("the ", false), s.accept("the E"));
    assertEquals(new StopStrings.Step("", false), s.accept("N"));
    assertEquals(new StopStrings.Step("ENs", false), s.accept("s"));
  }

  @Test
  void aStopStringSplitOverPiecesEndsTheTextBeforeIt() {
    StopStrings s = new StopStrings(List.of("END"));
    assertEquals("one ", s.accept("one E").text());
    StopStrings.Step step = s.accept("ND two");
    assertTrue(step.stopped());
    assertEquals("", step.text());
  }

  @Test
  void theEarliestOfSeveralStopStringsWins() {
    StopStrings s = new StopStrings(List.of("c", "ab"));
    StopStrings.Step step = s.accept("xxabc");
    assertTrue(step.stopped());
    assertEquals("xx", step.text());
  }

  @Test
  void heldBackTextIsReleasedAtTheEnd() {
    StopStrings s = new StopStrings(List.of("\n\n"));
    StopStrings.Step step = s.accept("line\n");
    assertFalse(step.stopped());
    assertEquals("line", step.text());
    assertEquals("\n", s.release());
  }
}
