package io.infer4j.lpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import io.infer4j.runtime.shape.CostAndEnergy;
import org.junit.jupiter.api.Test;

/** Cost and energy of LPU plans (issue 14, point 1): every chip of the system draws power. */
class LpuCostAndEnergyTest {

  @Test
  void everyChipOfTheSystemDrawsItsPowerAndNoPriceIsAssumed() {
    LpuPlan p = new LpuPlanner().plan("llama-2-7b", LpuPlanRequest.defaults().withBatch(2));
    CostAndEnergy c = p.costAndEnergy();
    assertEquals(p.chips(), c.units());
    assertEquals(300.0 * p.chips(), c.systemWatts().getAsDouble(), 1e-9);
    assertEquals(300.0 * p.chips() / (2 * p.decodeTokensPerS()),
        c.joulesPerOutputToken().getAsDouble(), 1e-9);
    assertTrue(c.costPerMillionOutputTokens().isEmpty(), "no public price per chip-hour");
    assertTrue(p.toTable().contains("GroqCloud sells tokens, not chip-hours"), p.toTable());
    assertTrue(p.toJson().contains("\"usd_per_million_output_tokens\":null"), p.toJson());
  }

  @Test
  void aGivenPriceAndPowerPriceThePlan() {
    LpuPlan p = new LpuPlanner().plan("llama-2-7b",
        LpuPlanRequest.defaults().withUsdPerChipHour(0.5).withWattsPerChip(200));
    CostAndEnergy c = p.costAndEnergy();
    assertEquals(0.5 * p.chips() / 3600 / p.decodeTokensPerS() * 1e6,
        c.costPerMillionOutputTokens().getAsDouble(), 1e-9);
    assertEquals(200.0 * p.chips() / p.prefillTokensPerS(), c.joulesPerInputToken().getAsDouble(), 1e-9);
    assertEquals("pricePerHour", assertThrows(InvalidRequestException.class,
        () -> LpuPlanRequest.defaults().withUsdPerChipHour(Double.POSITIVE_INFINITY)).field());
    assertEquals("watts", assertThrows(InvalidRequestException.class,
        () -> LpuPlanRequest.defaults().withWattsPerChip(-1)).field());
  }
}
