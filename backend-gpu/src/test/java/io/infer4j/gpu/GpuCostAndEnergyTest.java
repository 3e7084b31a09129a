package io.infer4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidRequestException;
import io.infer4j.runtime.shape.CostAndEnergy;
import io.infer4j.runtime.shape.ModelCatalog;
import org.junit.jupiter.api.Test;

/** Cost and energy of GPU and TPU plans (issue 14, points 1 and 2). */
class GpuCostAndEnergyTest {

  private static GpuPlan plan(GpuPlanRequest.Builder b) {
    GpuPlanRequest r = b.build();
    return GpuPlanner.plan(ModelCatalog.get(r.model()), r);
  }

  @Test
  void aPlanIsPricedAtItsHardwaresListPriceAndRatedPowerForItsThroughput() {
    GpuPlan p = plan(GpuPlanRequest.builder("llama-3.1-8b", GpuHardware.H100).batch(4));
    CostAndEnergy c = p.costAndEnergy();
    double outputPerS = 4 * p.decodeTokensPerS();
    assertEquals(700, c.wattsPerUnit());
    assertEquals(700 / outputPerS, c.joulesPerOutputToken().getAsDouble(), 1e-9);
    assertEquals(700 / p.prefillTokensPerS(), c.joulesPerInputToken().getAsDouble(), 1e-9);
    assertEquals(6.88 / 3600 / outputPerS * 1e6, c.costPerMillionOutputTokens().getAsDouble(), 1e-9);
    assertTrue(c.priceSource().contains("AWS p5.48xlarge"), c.priceSource());
    assertTrue(p.toTable().contains("$6.88 per GPU-hour"), p.toTable());
    assertTrue(p.toJson().contains("\"usd_per_million_output_tokens\":"), p.toJson());
  }

  @Test
  void givenPriceAndPowerReplaceTheDefaults() {
    GpuPlan p = plan(GpuPlanRequest.builder("llama-3.1-70b", GpuHardware.H200).gpus(2)
        .precision(GpuPrecision.FP8).usdPerHour(3.5).wattsPerUnit(550));
    CostAndEnergy c = p.costAndEnergy();
    assertEquals(1100, c.systemWatts().getAsDouble(), 1e-9);
    assertEquals(2 * 3.5 / 3600 / p.decodeTokensPerS() * 1e6,
        c.costPerMillionOutputTokens().getAsDouble(), 1e-9);
    assertEquals("given", c.priceSource());
    assertEquals("given", c.powerSource());
    assertEquals("pricePerHour", assertThrows(InvalidRequestException.class,
        () -> GpuPlanRequest.builder("llama-3.1-8b", GpuHardware.H100).usdPerHour(-1).build()).field());
    assertEquals("watts", assertThrows(InvalidRequestException.class,
        () -> GpuPlanRequest.builder("llama-3.1-8b", GpuHardware.H100).wattsPerUnit(0).build()).field());
  }

  @Test
  void tpusHaveNoPublishedPowerButAPriceAndSlicesBeyondEightChips() {
    GpuPlan p = plan(GpuPlanRequest.builder("llama-3.1-8b", GpuHardware.TPU_V6E));
    assertTrue(p.costAndEnergy().joulesPerOutputToken().isEmpty());
    assertEquals(2.70, p.costAndEnergy().pricePerUnitHour());
    assertTrue(p.toTable().contains("no published power per chip"), p.toTable());
    assertEquals("chip", GpuHardware.TPU_V5E.unitName());

    // 70B at bf16 (140 GB) does not fit 8 v5e chips of 16 GB; a slice of 16 holds it
    assertThrows(ModelDoesNotFitException.class, () -> plan(
        GpuPlanRequest.builder("llama-3.1-70b", GpuHardware.TPU_V5E).gpus(8)));
    GpuPlan sixteen = plan(GpuPlanRequest.builder("llama-3.1-70b", GpuHardware.TPU_V5E).gpus(16));
    assertEquals(16, sixteen.gpus());
    InvalidRequestException tooMany = assertThrows(InvalidRequestException.class,
        () -> GpuPlanRequest.builder("llama-3.1-8b", GpuHardware.H100).gpus(16).build());
    assertTrue(tooMany.getMessage().contains("1 to 8 (one node"), tooMany.getMessage());
  }

  @Test
  void everyAcceleratorStatesItsPowerAndPriceOrSaysItHasNone() {
    for (GpuHardware h : GpuHardware.values()) {
      double w = h.spec().maxPowerWatts();
      assertTrue(Double.isNaN(w) || (w >= 50 && w <= 1500), h + ": " + w + " W");
      double price = h.usdPerHour();
      assertTrue(Double.isNaN(price) || (price > 0 && price < 100), h + ": $" + price);
      assertFalse(h.priceSource().isBlank(), h.toString());
    }
    assertEquals(750, GpuHardware.MI300X.spec().maxPowerWatts());
    assertEquals(GpuSpec.Link.INFINITY_FABRIC, GpuHardware.MI325X.spec().link());
  }
}
