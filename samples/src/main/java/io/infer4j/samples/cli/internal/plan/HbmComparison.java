package io.infer4j.samples.cli.internal.plan;

import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.GpuHardware;
import io.infer4j.gpu.GpuPlan;
import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.lpu.LpuPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The LPU's SRAM-only trade-off made visible: the same model, precision and workload on the fewest
 * HBM GPUs of a kind that hold it (one node, tensor parallel), next to the LPU plan's chips. The
 * LPU keeps every weight in on-chip SRAM (about 230 MB a chip), so it needs many chips where a GPU
 * needs one or a few; it buys latency with silicon and power.
 */
public final class HbmComparison {

  /** The GPUs compared with: the two HBM generations the LPU is most often set against. */
  private static final List<GpuHardware> AGAINST = List.of(GpuHardware.H100, GpuHardware.H200);

  private HbmComparison() {}

  /** One GPU's row: the fewest GPUs that fit, and their plan; empty when none fits in one node. */
  public record Row(GpuHardware hardware, GpuPlan plan) {}

  /**
   * The rows for {@code lpu}'s model and workload (the LPU plan's {@code settings}: the same
   * lengths, batch and weight precision), one per GPU kind that can hold it, each at its own
   * price and power.
   */
  public static List<Row> rows(PlanSettings settings, LpuPlan lpu) {
    PlanSettings same = settings.withPrecision(lpu.precision().id()).withDefaultPriceAndPower();
    List<Row> rows = new ArrayList<>();
    for (GpuHardware hw : AGAINST) {
      try {
        rows.add(new Row(hw, same.fewestGpus(hw)));
      } catch (ModelDoesNotFitException | InvalidRequestException none) {
        // no node of this GPU holds it: no row (the table says so when none does)
      }
    }
    return rows;
  }

  /** JSON fields of each row: hardware, gpus, latency, power and energy. */
  public static List<Map<String, Object>> toJson(List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("hardware", r.hardware().id());
      f.put("gpus", r.plan().gpus());
      f.put("ttft_ms", r.plan().ttftMs());
      f.put("inter_token_latency_ms", r.plan().interTokenLatencyMs());
      f.put("system_watts", r.plan().costAndEnergy().systemWatts().orElse(Double.NaN));
      f.put("joules_per_output_token", r.plan().costAndEnergy().joulesPerOutputToken().orElse(Double.NaN));
      out.add(f);
    }
    return out;
  }

  /** One table line per row. */
  public static List<String> toTable(LpuPlan lpu, List<Row> rows) {
    List<String> lines = new ArrayList<>();
    for (Row r : rows) {
      GpuPlan p = r.plan();
      lines.add(String.format(Locale.ROOT,
          "%d x %s (%d chips here): inter-token %.3f ms (%.1fx), %.0f W, %.3f J per output token",
          p.gpus(), r.hardware().id(), lpu.chips(), p.interTokenLatencyMs(),
          p.interTokenLatencyMs() / lpu.interTokenLatencyMs(),
          p.costAndEnergy().systemWatts().orElse(Double.NaN),
          p.costAndEnergy().joulesPerOutputToken().orElse(Double.NaN)));
    }
    if (lines.isEmpty()) {
      lines.add("no H100 or H200 node (8 GPUs) holds this model at " + lpu.precision().id());
    }
    return lines;
  }
}
