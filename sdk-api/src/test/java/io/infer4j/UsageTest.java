package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageTest {

  @Test
  void theOldFactoriesAndConstructorHaveNoCachedTokensAndNoCost() {
    Usage u = Usage.reported(7, 3);
    assertEquals(new Usage(7, 3, Usage.Source.REPORTED), u);
    assertEquals(new Usage(7, 3, Usage.Source.REPORTED, 0, Optional.empty()), u);
    assertEquals(0, u.cachedPromptTokens());
    assertTrue(u.cost().isEmpty());
    assertEquals(Usage.Source.COUNTED, Usage.counted(1, 2).source());
    assertEquals(10, u.totalTokens());
  }

  @Test
  void cachedPromptTokensArePartOfThePrompt() {
    Usage u = Usage.reported(100, 5, 60);
    assertEquals(60, u.cachedPromptTokens());
    assertEquals(40, u.uncachedPromptTokens());
    assertEquals(105, u.totalTokens(), "cached tokens are not counted twice");
    assertEquals(u, Usage.reported(100, 5).withCachedPromptTokens(60));
    assertEquals(100, Usage.reported(100, 5, 100).cachedPromptTokens(), "a whole-prompt hit");
  }

  @Test
  void invalidCountsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Usage.reported(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> Usage.reported(0, -1));
    assertThrows(IllegalArgumentException.class, () -> Usage.reported(10, 0, -1));
    assertThrows(IllegalArgumentException.class, () -> Usage.reported(10, 0, 11),
        "more cached than prompt tokens");
    assertThrows(IllegalArgumentException.class, () -> new Usage(1, 1, null));
    assertThrows(IllegalArgumentException.class,
        () -> new Usage(1, 1, Usage.Source.REPORTED, 0, null));
    assertThrows(NullPointerException.class, () -> Usage.reported(1, 1).withCost(null));
  }

  @Test
  void aCostIsKeptWithTheCountsAndTheWithersKeepEachOther() {
    Cost c = Cost.usd("0.000985", "configured");
    Usage u = Usage.reported(1000, 500).withCost(c).withCachedPromptTokens(200);
    assertEquals(Optional.of(c), u.cost());
    assertEquals(200, u.cachedPromptTokens());
    assertEquals(u, Usage.reported(1000, 500, 200).withCost(c));
    assertNotEquals(Usage.reported(1000, 500, 200), u, "the cost is part of the value");
  }

  @Test
  void aCostIsExactUsdWithANamedSourceAndEqualWhateverItsScale() {
    Cost c = new Cost(new BigDecimal("0.000500"), "list price");
    assertEquals(Cost.usd("0.0005", "list price"), c);
    assertEquals("0.0005", c.usd().toPlainString());
    assertEquals(BigDecimal.ZERO, Cost.usd("0.000", "free").usd());
    assertThrows(IllegalArgumentException.class, () -> Cost.usd("-0.01", "x"));
    assertThrows(IllegalArgumentException.class, () -> Cost.usd("0.01", " "));
    assertThrows(IllegalArgumentException.class, () -> new Cost(null, "x"));
    assertThrows(IllegalArgumentException.class, () -> Cost.usd("one cent", "x"));
  }
}
