package io.infer4j.samples.cli.internal.plan;

import io.infer4j.gpu.GpuPlan;
import io.infer4j.lpu.LpuPlan;
import io.infer4j.runtime.shape.CostAndEnergy;
import java.util.Objects;

/**
 * One plan reduced to what the charts and the comparison show: the hardware, how many chips or
 * GPUs, the latencies, and the plan's cost and energy. Immutable.
 *
 * @param hardware the id ({@code lpu}, {@code h100}, {@code tpu-v6e}, ...)
 * @param unit what one unit is called: "chip" or "GPU"
 * @param units chips or GPUs of the system
 * @param unitsUsed of those, the ones holding weights or KV cache (the LPU may leave some idle)
 * @param precision the weights' precision id
 * @param ttftMs compute time to first token
 * @param interTokenLatencyMs time per further token
 * @param costAndEnergy power, energy and price at the plan's throughput
 */
public record PlanPoint(String hardware, String unit, int units, int unitsUsed, String precision,
    double ttftMs, double interTokenLatencyMs, CostAndEnergy costAndEnergy) {

  public PlanPoint {
    Objects.requireNonNull(hardware, "hardware");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(costAndEnergy, "costAndEnergy");
  }

  /** An LPU plan's point. */
  public static PlanPoint of(LpuPlan p) {
    return new PlanPoint(LpuPlan.HARDWARE, "chip", p.chips(), p.chipsUsed(), p.precision().id(),
        p.ttftMs(), p.interTokenLatencyMs(), p.costAndEnergy());
  }

  /** A GPU or TPU plan's point. */
  public static PlanPoint of(GpuPlan p) {
    return new PlanPoint(p.hardware().id(), p.hardware().unitName(), p.gpus(), p.gpus(),
        p.precision().id(), p.ttftMs(), p.interTokenLatencyMs(), p.costAndEnergy());
  }

  /** Tokens generated per second over all the batch's sequences. */
  public double outputTokensPerS() {
    return costAndEnergy.outputTokensPerSecond();
  }

  /** "411 chips", "1 GPU". */
  public String count() {
    return units + " " + unit + (units == 1 ? "" : "s");
  }

  /** The same point with other cost and energy figures. */
  public PlanPoint with(CostAndEnergy figures) {
    return new PlanPoint(hardware, unit, units, unitsUsed, precision, ttftMs, interTokenLatencyMs, figures);
  }
}
