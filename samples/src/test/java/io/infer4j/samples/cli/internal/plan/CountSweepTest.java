package io.infer4j.samples.cli.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.gpu.GpuEngine;
import io.infer4j.runtime.shape.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which counts {@code plan --chart} draws, from the real planners. */
class CountSweepTest {

  private static PlanSettings settings(String model, String precision) {
    return new PlanSettings(ModelCatalog.get(model), model, 128, 128, 1, precision, GpuEngine.TUNED,
        Double.NaN, Double.NaN);
  }

  private static List<Integer> counts(List<PlanPoint> points) {
    return points.stream().map(PlanPoint::units).toList();
  }

  @Test
  void theLpuDoublesFromTheFewestChipsUntilTheAddedChipsSitIdle() {
    List<PlanPoint> points = CountSweep.of("lpu", settings("llama-3.1-8b", null), null);

    int fewest = points.get(0).units();
    for (int i = 1; i < points.size(); i++) {
      assertEquals(fewest << i, points.get(i).units(), counts(points)::toString);
    }
    PlanPoint last = points.get(points.size() - 1);
    PlanPoint before = points.get(points.size() - 2);
    assertTrue(last.unitsUsed() <= before.unitsUsed() || last.units() * 2 > 10_440,
        "stops where more chips go unused or the largest system ends: " + points);
    assertTrue(points.get(1).interTokenLatencyMs() < points.get(0).interTokenLatencyMs(),
        "twice the chips, a shorter step");
  }

  @Test
  void aModelOnOneChipStopsAtTheFirstIdleChip() {
    List<PlanPoint> points = CountSweep.of("lpu", settings("stories260K", null), null);
    assertEquals(List.of(1, 2), counts(points));
    assertEquals(1, points.get(1).unitsUsed());
  }

  @Test
  void gpusAreOneToEightThatHoldTheModelAndTpuSlicesGoOnToTheHeads() {
    assertEquals(List.of(2, 4, 8), counts(CountSweep.of("h100", settings("llama-3.1-70b", "bf16"), null)),
        "140 GB of bf16 weights do not fit one 80 GB H100");
    assertEquals(List.of(1, 4, 8, 16, 32),
        counts(CountSweep.of("tpu-v6e", settings("llama-3.1-8b", null), null)),
        "slices of 1, 4, 8, ... up to 256 chips (none of 2), but tensor parallelism stops at the 32 heads");
  }

  @Test
  void aCountGivenIsDrawnToo() {
    List<Integer> lpu = counts(CountSweep.of("lpu", settings("llama-3.1-70b", null), 500));
    assertTrue(lpu.contains(500) && lpu.indexOf(500) == 1, lpu::toString);
    assertEquals(List.of(1, 2, 4, 8),
        counts(CountSweep.of("h200", settings("llama-3.1-8b", null), 2)), "2 is in the sweep already");
  }
}
