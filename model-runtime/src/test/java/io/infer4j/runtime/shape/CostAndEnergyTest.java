package io.infer4j.runtime.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CostAndEnergyTest {

  /** 8 accelerators of 700 W at $2 an hour, 100 output and 10,000 prompt tokens per second. */
  private static final CostAndEnergy EIGHT =
      new CostAndEnergy(8, 700, "datasheet", 2.0, "list", 100, 10_000);

  @Test
  void eachPhaseIsChargedItsOwnTimeAtTheSystemsPowerAndPrice() {
    assertEquals(5600, EIGHT.systemWatts().getAsDouble(), 1e-9);
    assertEquals(56.0, EIGHT.joulesPerOutputToken().getAsDouble(), 1e-9, "5,600 W / 100 tokens/s");
    assertEquals(0.56, EIGHT.joulesPerInputToken().getAsDouble(), 1e-9);
    // $16 an hour = $0.004444 a second, for 100 tokens: $44.44 per million
    assertEquals(16.0 / 3600 / 100 * 1e6, EIGHT.costPerMillionOutputTokens().getAsDouble(), 1e-9);
    assertEquals(16.0 / 3600 / 10_000 * 1e6, EIGHT.costPerMillionInputTokens().getAsDouble(), 1e-9);
  }

  @Test
  void withoutAPriceOrAPowerFigureThoseFiguresAreAbsentAndSaySo() {
    CostAndEnergy unpriced = EIGHT.withPrice(Double.NaN, "no public price");
    assertTrue(unpriced.costPerMillionOutputTokens().isEmpty());
    Map<String, Object> json = unpriced.toJsonFields();
    assertNull(json.get("usd_per_million_output_tokens"));
    assertEquals("no public price", json.get("price_source"));
    assertTrue(unpriced.toTableRows("chip").get("cost").contains("give --price-per-hour"));

    CostAndEnergy unpowered = EIGHT.withWatts(Double.NaN, "not published");
    assertTrue(unpowered.joulesPerOutputToken().isEmpty());
    assertNull(unpowered.toJsonFields().get("system_watts"));
    assertTrue(unpowered.toTableRows("chip").get("power").contains("give --watts"));
    assertFalse(unpowered.toTableRows("chip").containsKey("energy"));
    assertTrue(unpowered.costPerMillionOutputTokens().isPresent(), "the price still prices it");
  }

  @Test
  void givenFiguresReplaceTheDefaults() {
    CostAndEnergy mine = EIGHT.withPrice(1.0, "given").withWatts(350, "measured");
    assertEquals(28.0, mine.joulesPerOutputToken().getAsDouble(), 1e-9);
    assertEquals(8.0 / 3600 / 100 * 1e6, mine.costPerMillionOutputTokens().getAsDouble(), 1e-9);
    assertEquals("measured", mine.toJsonFields().get("power_source"));
  }

  @Test
  void impossibleFiguresAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new CostAndEnergy(0, 700, "", 1, "", 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new CostAndEnergy(1, -5, "", 1, "", 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new CostAndEnergy(1, 700, "", -1, "", 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new CostAndEnergy(1, 700, "", Double.POSITIVE_INFINITY, "", 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new CostAndEnergy(1, 700, "", 1, "", 0, 1));
  }
}
