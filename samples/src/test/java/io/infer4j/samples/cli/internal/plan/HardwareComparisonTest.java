package io.infer4j.samples.cli.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.gpu.GpuEngine;
import io.infer4j.gpu.GpuHardware;
import io.infer4j.runtime.shape.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code plan --compare}: fewest units each, prices filled in only where none is known. */
class HardwareComparisonTest {

  private static final PlanSettings FP8_70B = new PlanSettings(ModelCatalog.get("llama-3.1-70b"),
      "llama-3.1-70b", 128, 128, 1, "fp8", GpuEngine.TUNED, Double.NaN, Double.NaN);

  @Test
  void eachHardwareIsAtItsFewestUnitsAndTheLpuHasNoPriceUnlessOneIsGiven() {
    HardwareComparison c = HardwareComparison.plan(List.of("lpu", "h100", "tpu-v6e"), FP8_70B,
        Double.NaN, Double.NaN);
    HardwareComparison.Row lpu = c.rows().get(0);
    assertEquals(FP8_70B.lpu(0).chips(), lpu.point().units());
    assertTrue(lpu.cost().isEmpty());
    assertTrue(lpu.note().contains("give --price-per-hour"), lpu.note());
    assertEquals(1, c.rows().get(1).point().units(), "70 GB of fp8 weights fit one H100");
    assertTrue(c.rows().get(2).note().contains("give --watts"), "TPUs publish no power");
    assertEquals(List.of("h100", "tpu-v6e"), c.priced().stream().map(HardwareComparison.Row::hardware).toList());

    HardwareComparison priced = HardwareComparison.plan(List.of("lpu", "h100", "tpu-v6e"), FP8_70B, 1.0, 200);
    assertEquals("given", priced.rows().get(0).point().costAndEnergy().priceSource());
    assertEquals(GpuHardware.H100.usdPerHour(), priced.rows().get(1).point().costAndEnergy().pricePerUnitHour(),
        "a cited list price stays");
    assertEquals(700, priced.rows().get(1).point().costAndEnergy().wattsPerUnit(), "and a published power");
    assertEquals(200, priced.rows().get(2).point().costAndEnergy().wattsPerUnit());
    assertEquals("", priced.rows().get(2).note());
    assertEquals(3, priced.priced().size());
  }

  @Test
  void aHardwareThatCannotHoldTheModelIsARowThatSaysWhy() {
    // 4,096 sequences of 256 tokens: 140 GB of bf16 weights and 340 GB of KV cache, more than 8 L4s hold
    PlanSettings bf16 = new PlanSettings(FP8_70B.shape(), "llama-3.1-70b", 128, 128, 4096, "bf16",
        GpuEngine.TUNED, Double.NaN, Double.NaN);
    HardwareComparison c = HardwareComparison.plan(List.of("l4", "lpu"), bf16, Double.NaN, Double.NaN);
    assertNull(c.rows().get(0).point());
    assertTrue(c.rows().get(0).note().startsWith("does not fit on 8 GPUs"), c.rows().get(0).note());
    assertNull(c.rows().get(1).point(), "the LPU model has no bf16 weights");
    assertTrue(c.rows().get(1).note().contains("bf16"), c.rows().get(1).note());
    assertTrue(c.toTable().contains("Pareto front none"), c.toTable());
  }
}
