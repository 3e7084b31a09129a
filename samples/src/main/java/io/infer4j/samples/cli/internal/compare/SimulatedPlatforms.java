package io.infer4j.samples.cli.internal.compare;

import io.infer4j.InferenceException;
import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.GpuEngine;
import io.infer4j.gpu.GpuHardware;
import io.infer4j.gpu.GpuPlan;
import io.infer4j.gpu.GpuPlanRequest;
import io.infer4j.gpu.GpuPlanner;
import io.infer4j.gpu.GpuPrecision;
import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.lpu.InsufficientChipsException;
import io.infer4j.lpu.LpuPlan;
import io.infer4j.lpu.LpuPlanRequest;
import io.infer4j.lpu.LpuPlanner;
import io.infer4j.lpu.LpuPrecision;
import io.infer4j.runtime.shape.ModelShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The platforms the timing models simulate for a shape, at batch 1 with the measured run's token
 * counts: the Groq LPU system (as few chips as hold the model in SRAM) and each GPU of the GPU
 * timing model (as few as hold it, tensor parallel: 1, 2, 4 or 8 GPUs of one node, or up to 256
 * chips of a TPU slice, doubling). A platform
 * that cannot hold the model, or does not offer the precision, becomes a row that says why. GPU
 * figures are the timing model's {@link GpuEngine#TUNED tuned engine}, which their note says.
 */
public final class SimulatedPlatforms {
  /** The id of the LPU system in {@code --hardware}. */
  public static final String LPU = "lpu";

  private SimulatedPlatforms() {}

  /** {@code lpu} and every GPU the timing model knows, in the order {@code --hardware} lists them. */
  public static List<String> all() {
    List<String> ids = new ArrayList<>(List.of(LPU));
    for (GpuHardware h : GpuHardware.values()) {
      ids.add(h.id());
    }
    return List.copyOf(ids);
  }

  /** Whether {@code row} is a simulated GPU (not the LPU, not a measured platform). */
  public static boolean isGpu(PlatformRow row) {
    return row.source() == Source.SIMULATED && !row.device().equals(LPU);
  }

  /**
   * The ids, normalised (trimmed, lower case), checked before anything runs.
   *
   * @throws InvalidRequestException naming {@code hardware} for an unknown or repeated id, with
   *     the accepted ones
   */
  public static List<String> checked(List<String> ids) {
    Set<String> out = new LinkedHashSet<>();
    for (String id : ids) {
      String h = id.strip().toLowerCase(Locale.ROOT);
      if (!all().contains(h)) {
        throw new InvalidRequestException("hardware",
            "unknown hardware '" + id + "'; accepted: " + String.join(", ", all()));
      }
      if (!out.add(h)) {
        throw new InvalidRequestException("hardware", "'" + h + "' is listed twice");
      }
    }
    return List.copyOf(out);
  }

  /**
   * The precision, checked before anything runs: known to the LPU or to the GPU timing model (a
   * platform that does not offer it says so on its row).
   *
   * @throws InvalidRequestException naming {@code precision} and every accepted value
   */
  public static String checkedPrecision(String precision) {
    String p = precision.strip().toLowerCase(Locale.ROOT);
    boolean lpu = Arrays.stream(LpuPrecision.values()).anyMatch(v -> v.id().equals(p));
    boolean gpu = Arrays.stream(GpuPrecision.values()).anyMatch(v -> v.id().equals(p));
    if (!lpu && !gpu) {
      Set<String> known = new LinkedHashSet<>();
      Arrays.stream(LpuPrecision.values()).forEach(v -> known.add(v.id()));
      Arrays.stream(GpuPrecision.values()).forEach(v -> known.add(v.id()));
      throw new InvalidRequestException("precision",
          "unknown precision '" + precision + "'; accepted: " + String.join(", ", known));
    }
    return p;
  }

  /**
   * One row per hardware id.
   *
   * @param hardware ids from {@link #all()}
   * @param precision the weights' precision on every platform ({@code fp8}, {@code int8}, ...)
   * @throws io.infer4j.InvalidRequestException naming {@code hardware} for an unknown id
   */
  public static List<PlatformRow> plan(ModelShape shape, List<String> hardware, String precision,
      int promptTokens, int outputTokens) {
    List<PlatformRow> rows = new ArrayList<>();
    for (String id : hardware) {
      String h = id.strip().toLowerCase(Locale.ROOT);
      rows.add(h.equals(LPU)
          ? lpu(shape, precision, promptTokens, outputTokens)
          : gpu(shape, GpuHardware.fromId(h), precision, promptTokens, outputTokens));
    }
    return rows;
  }

  private static PlatformRow lpu(ModelShape shape, String precision, int promptTokens, int outputTokens) {
    if (Arrays.stream(LpuPrecision.values()).noneMatch(p -> p.id().equals(precision))) {
      return PlatformRow.failed(LPU, LPU, Source.SIMULATED, shape.name(), precision,
          "the LPU model offers " + Arrays.stream(LpuPrecision.values()).map(LpuPrecision::id)
              .collect(java.util.stream.Collectors.joining(", ")) + " weights, not " + precision);
    }
    try {
      LpuPlan plan = new LpuPlanner().plan(shape, LpuPlanRequest.defaults()
          .withPrecision(LpuPrecision.parse(precision))
          .withPromptTokens(promptTokens)
          .withOutputTokens(outputTokens));
      Figures figures = Figures.predicted(plan.latencyEstimate(), outputTokens)
          .with(plan.costAndEnergy());
      String note = plan.chipsUsed() + " of " + plan.chips() + " chips used: " + plan.pipelineStages()
          + " stages x " + plan.tensorParallel() + "-way tensor parallel; weights in SRAM";
      return PlatformRow.of(LPU, LPU, Source.SIMULATED, shape.name(), plan.precision().id(),
          plan.chips(), figures, note);
    } catch (InsufficientChipsException e) {
      return PlatformRow.failed(LPU, LPU, Source.SIMULATED, shape.name(), precision,
          "does not fit: " + e.getMessage());
    } catch (InferenceException e) {
      return PlatformRow.failed(LPU, LPU, Source.SIMULATED, shape.name(), precision,
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static PlatformRow gpu(ModelShape shape, GpuHardware hardware, String precision,
      int promptTokens, int outputTokens) {
    String id = hardware.id();
    ModelDoesNotFitException lastMiss = null;
    if (Arrays.stream(GpuPrecision.values()).noneMatch(p -> p.id().equals(precision))) {
      return PlatformRow.failed(id, id, Source.SIMULATED, shape.name(), precision,
          "the GPU model offers " + Arrays.stream(GpuPrecision.values()).map(GpuPrecision::id)
              .collect(java.util.stream.Collectors.joining(", ")) + " weights, not " + precision);
    }
    try {
      GpuPrecision p = GpuPrecision.fromId(precision);
      for (int gpus : hardware.unitCounts()) {
        try {
          GpuPlan plan = GpuPlanner.plan(shape, GpuPlanRequest.builder(shape.name(), hardware)
              .gpus(gpus).precision(p).promptTokens(promptTokens).outputTokens(outputTokens).build());
          Figures figures = Figures.predicted(plan.toLatencyEstimate(), outputTokens)
              .with(plan.costAndEnergy());
          String note = GpuEngine.TUNED.id() + " engine; "
              + (gpus == 1 ? "weights in HBM" : gpus + "-way tensor parallel; weights in HBM");
          return PlatformRow.of(id, id, Source.SIMULATED, shape.name(), p.id(), gpus, figures, note);
        } catch (ModelDoesNotFitException e) {
          lastMiss = e;
        }
      }
    } catch (InferenceException e) {
      return PlatformRow.failed(id, id, Source.SIMULATED, shape.name(), precision,
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return PlatformRow.failed(id, id, Source.SIMULATED, shape.name(), precision,
        "does not fit on " + hardware.maxUnits() + " " + hardware.unitName() + "s: "
            + lastMiss.getMessage());
  }
}
