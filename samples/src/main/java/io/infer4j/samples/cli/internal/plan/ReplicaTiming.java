package io.infer4j.samples.cli.internal.plan;

import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.GpuHardware;
import io.infer4j.gpu.GpuPlan;
import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.lpu.InsufficientChipsException;
import io.infer4j.lpu.LpuPlan;
import io.infer4j.lpu.LpuPlanRequest;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * One replica's timing at any batch, as a closed-loop plan asks for it: its chips or GPUs, the
 * prefill of one prompt alone, and a decode step at batch {@code b} (each a call to the hardware's
 * planner with the plan's settings). Immutable.
 *
 * @param hardware the hardware id
 * @param unitName what one unit is ("chip", "GPU")
 * @param units chips or GPUs of the replica
 * @param prefillMs time to first token of one request alone, ms
 * @param batchedPrefillMs time to first token of a whole batch of requests prefilled together, ms
 * @param stepMs a decode step at a whole batch, ms
 * @param wattsPerUnit power of one unit, W (NaN when unknown)
 * @param usdPerUnitHour price of one unit-hour (NaN when unknown)
 */
public record ReplicaTiming(String hardware, String unitName, int units, double prefillMs,
    IntToDoubleFunction batchedPrefillMs, IntToDoubleFunction stepMs, double wattsPerUnit, double usdPerUnitHour) {

  /**
   * The replica of {@code hardware} with {@code units} chips or GPUs (null: the fewest that hold
   * the weights and the KV cache of {@code batch} sequences).
   *
   * @param field the flag a count or batch that cannot be planned is reported against
   * @throws InvalidRequestException naming {@code field} when {@code batch} sequences do not fit
   *     (saying how many do on that count), or naming the count's flag when the model does not fit
   */
  public static ReplicaTiming of(PlanSettings settings, String hardware, Integer units, int batch,
      String field) {
    String hw = hardware.strip().toLowerCase(Locale.ROOT);
    if (hw.equals("lpu")) {
      return lpu(settings, units, batch, field);
    }
    return gpu(settings, GpuHardware.fromId(hw), units, batch, field);
  }

  private static ReplicaTiming lpu(PlanSettings settings, Integer chips, int batch, String field) {
    LpuPlan full;
    try {
      full = settings.withBatch(batch).lpu(chips == null ? LpuPlanRequest.FEWEST_THAT_FIT : chips);
    } catch (InsufficientChipsException e) {
      if (chips == null) {
        throw new InvalidRequestException(field, e.getMessage(), e);
      }
      if (!fitsLpu(settings, chips, 1)) {
        throw new InvalidRequestException("chips", e.getMessage(), e); // not even the weights
      }
      throw new InvalidRequestException(field, batch + " sequences do not fit on " + chips
          + " chips; " + mostThatFit(b -> fitsLpu(settings, chips, b), batch) + ": " + e.getMessage(), e);
    }
    int n = full.chips();
    LpuPlan alone = settings.withBatch(1).lpu(n);
    return new ReplicaTiming("lpu", "chip", n, alone.ttftMs(),
        b -> settings.withBatch(b).lpu(n).ttftMs(),
        b -> settings.withBatch(b).lpu(n).interTokenLatencyMs(),
        full.costAndEnergy().wattsPerUnit(), full.costAndEnergy().pricePerUnitHour());
  }

  private static ReplicaTiming gpu(PlanSettings settings, GpuHardware hw, Integer units, int batch,
      String field) {
    List<Integer> counts = units != null ? List.of(units)
        : CountSweep.tensorParallelCounts(hw, settings.shape().heads());
    RuntimeException first = null;
    for (int n : counts) {
      GpuPlan full;
      try {
        full = settings.withBatch(batch).gpu(hw, n);
      } catch (ModelDoesNotFitException | InvalidRequestException e) {
        first = first == null ? e : first;
        continue;
      }
      GpuPlan alone = settings.withBatch(1).gpu(hw, n);
      return new ReplicaTiming(hw.id(), hw.unitName(), n, alone.ttftMs(),
          b -> settings.withBatch(b).gpu(hw, n).ttftMs(),
          b -> settings.withBatch(b).gpu(hw, n).interTokenLatencyMs(),
          full.costAndEnergy().wattsPerUnit(), full.costAndEnergy().pricePerUnitHour());
    }
    if (first instanceof InvalidRequestException invalid) {
      throw invalid;
    }
    if (units != null && fitsGpu(settings, hw, units, 1)) {
      throw new InvalidRequestException(field, batch + " sequences do not fit on " + units + " "
          + hw.id() + ": " + mostThatFit(b -> fitsGpu(settings, hw, units, b), batch) + "; "
          + first.getMessage(), first);
    }
    throw new InvalidRequestException(units != null ? "gpus" : field, first == null
        ? "no count of " + hw.id() + " divides the " + settings.shape().heads() + " attention heads"
        : first.getMessage(), first);
  }

  private static boolean fitsLpu(PlanSettings settings, int chips, int batch) {
    try {
      settings.withBatch(batch).lpu(chips);
      return true;
    } catch (InsufficientChipsException e) {
      return false;
    }
  }

  private static boolean fitsGpu(PlanSettings settings, GpuHardware hw, int units, int batch) {
    try {
      settings.withBatch(batch).gpu(hw, units);
      return true;
    } catch (ModelDoesNotFitException e) {
      return false;
    }
  }

  /** "at most N fit", the largest batch below {@code tooMany} that passes (0 when none). */
  private static String mostThatFit(java.util.function.IntPredicate fits, int tooMany) {
    int lo = 0;
    int hi = tooMany; // fails
    while (hi - lo > 1) {
      int mid = lo + (hi - lo) / 2;
      if (fits.test(mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo == 0 ? "not even one fits" : "at most " + lo + " fit";
  }
}
