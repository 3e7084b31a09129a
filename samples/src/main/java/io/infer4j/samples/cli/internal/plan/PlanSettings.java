package io.infer4j.samples.cli.internal.plan;

import io.infer4j.gpu.GpuEngine;
import io.infer4j.gpu.GpuHardware;
import io.infer4j.gpu.GpuPlan;
import io.infer4j.gpu.GpuPlanRequest;
import io.infer4j.gpu.GpuPlanner;
import io.infer4j.gpu.GpuPrecision;
import io.infer4j.lpu.LpuPlan;
import io.infer4j.lpu.LpuPlanRequest;
import io.infer4j.lpu.LpuPlanner;
import io.infer4j.lpu.LpuPrecision;
import io.infer4j.runtime.shape.ModelShape;
import java.util.List;
import java.util.Objects;

/**
 * What {@code plan} asks the planners for, whatever the hardware and the count: the model, its
 * lengths and batch, the weights' precision, the GPU engine, and the price and power per chip or
 * GPU given on the command line. Plans the LPU at any chip count and any GPU or TPU at any count.
 * Immutable.
 *
 * @param shape the model's shape
 * @param model the name plans carry (catalog name or file name)
 * @param precision the weights' precision id, or null for each planner's default (int8 on the LPU,
 *     bf16 on GPUs and TPUs)
 * @param engine whose kernels GPU figures are for (the LPU has one schedule)
 * @param usdPerHour price of one chip- or GPU-hour, or NaN for each hardware's default
 * @param wattsPerUnit power of one chip or GPU, or NaN for each hardware's published figure
 */
public record PlanSettings(ModelShape shape, String model, int promptTokens, int outputTokens,
    int batch, String precision, GpuEngine engine, double usdPerHour, double wattsPerUnit) {

  public PlanSettings {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(engine, "engine");
  }

  /** These settings for {@code value} sequences decoded together. */
  public PlanSettings withBatch(int value) {
    return new PlanSettings(shape, model, promptTokens, outputTokens, value, precision, engine,
        usdPerHour, wattsPerUnit);
  }

  /** The LPU planner's options for {@code chips} chips ({@link LpuPlanRequest#FEWEST_THAT_FIT}: as few as fit). */
  public LpuPlanRequest lpuOptions(int chips) {
    LpuPlanRequest options = LpuPlanRequest.defaults()
        .withChips(chips)
        .withPromptTokens(promptTokens)
        .withOutputTokens(outputTokens)
        .withBatch(batch);
    if (precision != null) {
      options = options.withPrecision(LpuPrecision.parse(precision));
    }
    if (!Double.isNaN(usdPerHour)) {
      options = options.withUsdPerChipHour(usdPerHour);
    }
    if (!Double.isNaN(wattsPerUnit)) {
      options = options.withWattsPerChip(wattsPerUnit);
    }
    return options;
  }

  /** The GPU planner's request for {@code units} GPUs (or TPU chips) of {@code hardware}. */
  public GpuPlanRequest gpuRequest(GpuHardware hardware, int units) {
    GpuPlanRequest.Builder b = GpuPlanRequest.builder(model, hardware)
        .engine(engine)
        .gpus(units)
        .promptTokens(promptTokens)
        .outputTokens(outputTokens)
        .batch(batch);
    if (precision != null) {
      b.precision(GpuPrecision.fromId(precision));
    }
    if (!Double.isNaN(usdPerHour)) {
      b.usdPerHour(usdPerHour);
    }
    if (!Double.isNaN(wattsPerUnit)) {
      b.wattsPerUnit(wattsPerUnit);
    }
    return b.build();
  }

  /**
   * The LPU plan on {@code chips} chips (0: as few as fit).
   *
   * @throws io.infer4j.lpu.InsufficientChipsException when the model does not fit
   * @throws io.infer4j.InvalidRequestException (field {@code chips}) above the largest system
   */
  public LpuPlan lpu(int chips) {
    return new LpuPlanner().plan(shape, lpuOptions(chips));
  }

  /**
   * The plan on {@code units} GPUs or TPU chips of {@code hardware}, tensor parallel.
   *
   * @throws io.infer4j.gpu.ModelDoesNotFitException when the model does not fit
   */
  public GpuPlan gpu(GpuHardware hardware, int units) {
    return GpuPlanner.plan(shape, gpuRequest(hardware, units));
  }

  /**
   * The plan on the fewest units of {@code hardware} that hold the model: the first of its counts
   * that divide the heads ({@link CountSweep#tensorParallelCounts}) where it fits.
   *
   * @throws io.infer4j.gpu.ModelDoesNotFitException the largest count's, when none holds it
   * @throws io.infer4j.InvalidRequestException (field {@code gpus}) when no count divides the heads
   */
  public GpuPlan fewestGpus(GpuHardware hardware) {
    List<Integer> counts = CountSweep.tensorParallelCounts(hardware, shape.heads());
    if (counts.isEmpty()) {
      throw new io.infer4j.InvalidRequestException("gpus", "no count of " + hardware.id()
          + " divides the " + shape.heads() + " attention heads of " + model);
    }
    io.infer4j.gpu.ModelDoesNotFitException lastMiss = null;
    for (int n : counts) {
      try {
        return gpu(hardware, n);
      } catch (io.infer4j.gpu.ModelDoesNotFitException tooFew) {
        lastMiss = tooFew;
      }
    }
    throw lastMiss;
  }

  /** The same settings with another precision id (null: each planner's default). */
  public PlanSettings withPrecision(String value) {
    return new PlanSettings(shape, model, promptTokens, outputTokens, batch, value, engine,
        usdPerHour, wattsPerUnit);
  }

  /** The same settings with each hardware's own price and power. */
  public PlanSettings withDefaultPriceAndPower() {
    return new PlanSettings(shape, model, promptTokens, outputTokens, batch, precision, engine,
        Double.NaN, Double.NaN);
  }
}
