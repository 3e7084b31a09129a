package io.infer4j.samples.cli.internal.plan;

import io.infer4j.InferenceException;
import io.infer4j.InvalidRequestException;
import io.infer4j.gpu.GpuHardware;
import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.lpu.InsufficientChipsException;
import io.infer4j.lpu.LpuPlan;
import io.infer4j.lpu.LpuPlanRequest;
import io.infer4j.runtime.shape.CostAndEnergy;
import io.infer4j.runtime.shape.JsonLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * {@code plan --compare HW,HW,...}: each hardware at the fewest chips or GPUs that hold the model at
 * one precision and workload (the LPU: as few chips as fit in SRAM; GPUs and TPUs: the first of
 * their counts, 1, 2, 4, 8 of a node or a slice of 1, 4, 8, ... chips, tensor parallel), side by side, and the Pareto front of cost per million output
 * tokens against inter-token latency among those with a price. A price or power given on the command
 * line fills in only where a hardware has none (the LPU's price, a TPU's power), so that every cited
 * list price stays. A hardware that cannot hold the model, or does not offer the precision, is a row
 * that says why.
 *
 * @param rows one per hardware, in the order asked
 */
public record HardwareComparison(String model, String precision, int promptTokens, int outputTokens,
    int batch, List<Row> rows) {

  /**
   * One hardware.
   *
   * @param hardware its id
   * @param index its place in the list asked for (its colour on the chart)
   * @param point its plan at the fewest units, or null when there is none
   * @param note why there is no plan, or why it is not on the cost chart; empty otherwise
   */
  public record Row(String hardware, int index, PlanPoint point, String note) {
    /** Dollars per million output tokens; empty without a plan or a price. */
    public OptionalDouble cost() {
      return point == null ? OptionalDouble.empty() : point.costAndEnergy().costPerMillionOutputTokens();
    }

    double latencyMs() {
      return point == null ? Double.NaN : point.interTokenLatencyMs();
    }

    double costOrNaN() {
      return cost().orElse(Double.NaN);
    }
  }

  public HardwareComparison {
    rows = List.copyOf(rows);
  }

  /**
   * Plans each of {@code hardware} (ids checked already) with {@code settings}, whose own price and
   * power must be the hardware's defaults; {@code usdPerHour} and {@code wattsPerUnit} (NaN: none)
   * fill in where a hardware has no figure.
   *
   * @throws InvalidRequestException naming {@code price-per-hour} or {@code watts} for a value out of range
   */
  public static HardwareComparison plan(List<String> hardware, PlanSettings settings,
      double usdPerHour, double wattsPerUnit) {
    if (!Double.isNaN(usdPerHour) && !(usdPerHour >= 0 && usdPerHour < Double.POSITIVE_INFINITY)) {
      throw new InvalidRequestException("price-per-hour",
          "--price-per-hour must be a finite amount >= 0: " + usdPerHour);
    }
    if (!Double.isNaN(wattsPerUnit) && !(wattsPerUnit > 0 && wattsPerUnit < Double.POSITIVE_INFINITY)) {
      throw new InvalidRequestException("watts", "--watts must be a positive number: " + wattsPerUnit);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < hardware.size(); i++) {
      String id = hardware.get(i);
      Row row;
      try {
        PlanPoint p = fewest(id, settings);
        CostAndEnergy ce = p.costAndEnergy();
        if (Double.isNaN(ce.pricePerUnitHour()) && !Double.isNaN(usdPerHour)) {
          ce = ce.withPrice(usdPerHour, "given");
        }
        if (Double.isNaN(ce.wattsPerUnit()) && !Double.isNaN(wattsPerUnit)) {
          ce = ce.withWatts(wattsPerUnit, "given");
        }
        p = p.with(ce);
        List<String> notes = new ArrayList<>();
        if (ce.costPerMillionOutputTokens().isEmpty()) {
          notes.add("no price per " + p.unit() + "-hour (" + ce.priceSource()
              + "): not on the cost chart; give --price-per-hour");
        }
        if (ce.joulesPerOutputToken().isEmpty()) {
          notes.add("no published power per " + p.unit() + " (" + ce.powerSource() + "); give --watts");
        }
        row = new Row(id, i, p, String.join("; ", notes));
      } catch (NoFit | InferenceException e) {
        row = new Row(id, i, null, e.getMessage());
      }
      rows.add(row);
    }
    return new HardwareComparison(settings.model(), settings.precision(), settings.promptTokens(),
        settings.outputTokens(), settings.batch(), rows);
  }

  /** The model does not fit this hardware at any count tried. */
  private static final class NoFit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoFit(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static PlanPoint fewest(String id, PlanSettings settings) {
    if (LpuPlan.HARDWARE.equals(id)) {
      try {
        return PlanPoint.of(settings.lpu(LpuPlanRequest.FEWEST_THAT_FIT));
      } catch (InsufficientChipsException e) {
        throw new NoFit("does not fit: " + e.getMessage(), e);
      }
    }
    GpuHardware hw = GpuHardware.fromId(id);
    try {
      return PlanPoint.of(settings.fewestGpus(hw));
    } catch (ModelDoesNotFitException e) {
      throw new NoFit("does not fit on " + hw.maxUnits() + " " + hw.unitName() + "s: "
          + e.getMessage(), e);
    } catch (io.infer4j.InvalidRequestException e) {
      throw new NoFit("does not fit on " + hw.maxUnits() + " " + hw.unitName() + "s (no count"
          + " divides its " + settings.shape().heads() + " heads)", e);
    }
  }

  /** The rows with a plan and a price: the cost chart's points. */
  public List<Row> priced() {
    return rows.stream().filter(r -> r.cost().isPresent()).toList();
  }

  /** The Pareto front of {@link #priced()}: cost against inter-token latency, in order of latency. */
  public List<Row> front() {
    return ParetoFront.of(priced(), Row::latencyMs, Row::costOrNaN);
  }

  /** One JSON array, an object per hardware in the order asked. */
  public String toJson() {
    List<Row> front = front();
    return rows.stream().map(r -> JsonLine.writeRounded(fields(r, front.contains(r)), 4))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private Map<String, Object> fields(Row r, boolean onFront) {
    PlanPoint p = r.point();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("model", model);
    f.put("hardware", r.hardware());
    f.put("units", p == null ? null : p.units());
    f.put("unit", p == null ? null : p.unit());
    f.put("units_used", p == null ? null : p.unitsUsed());
    f.put("precision", p == null ? precision : p.precision());
    f.put("prompt_tokens", promptTokens);
    f.put("output_tokens", outputTokens);
    f.put("batch", batch);
    f.put("ttft_ms", p == null ? null : p.ttftMs());
    f.put("inter_token_latency_ms", p == null ? null : p.interTokenLatencyMs());
    f.put("output_tokens_per_s", p == null ? null : p.outputTokensPerS());
    CostAndEnergy ce = p == null ? null : p.costAndEnergy();
    f.put("system_watts", ce == null ? null : orNull(ce.systemWatts()));
    f.put("joules_per_output_token", ce == null ? null : orNull(ce.joulesPerOutputToken()));
    f.put("usd_per_million_output_tokens", ce == null ? null : orNull(ce.costPerMillionOutputTokens()));
    f.put("power_source", ce == null ? null : ce.powerSource());
    f.put("price_source", ce == null ? null : ce.priceSource());
    f.put("pareto_front", onFront);
    f.put("note", r.note().isEmpty() ? null : r.note());
    f.put("simulated", true);
    return f;
  }

  private static Double orNull(OptionalDouble v) {
    return v.isPresent() ? v.getAsDouble() : null;
  }

  /** A table: a heading line, a line per hardware, the Pareto front. */
  public String toTable() {
    StringBuilder t = new StringBuilder();
    t.append(fmt("%-12s %s, %s weights, %d prompt + %d output tokens, batch %d (simulated;"
        + " each at the fewest chips or GPUs that hold it)%n", "model", model, precision,
        promptTokens, outputTokens, batch));
    t.append(fmt("%-12s %-11s %9s %14s %10s %10s %9s %11s  %s%n", "hardware", "units", "TTFT ms",
        "inter-token ms", "tokens/s", "power W", "J/token", "$/M output", "note"));
    for (Row r : rows) {
      PlanPoint p = r.point();
      if (p == null) {
        t.append(fmt("%-12s %-11s %9s %14s %10s %10s %9s %11s  %s%n", r.hardware(), "-", "-", "-",
            "-", "-", "-", "-", r.note()));
        continue;
      }
      CostAndEnergy ce = p.costAndEnergy();
      t.append(fmt("%-12s %-11s %9.3f %14.3f %10.1f %10s %9s %11s  %s%n", r.hardware(), p.count(),
          p.ttftMs(), p.interTokenLatencyMs(), p.outputTokensPerS(), num(ce.systemWatts(), "%.0f"),
          num(ce.joulesPerOutputToken(), "%.3f"), num(ce.costPerMillionOutputTokens(), "%.4f"),
          r.note()));
    }
    List<Row> front = front();
    t.append(fmt("%-12s %s%n", "Pareto front", front.isEmpty()
        ? "none: no hardware here has a price (give --price-per-hour)"
        : front.stream().map(r -> fmt("%s (%.3f ms, $%.4f)", r.hardware(),
            r.point().interTokenLatencyMs(), r.cost().getAsDouble()))
            .collect(Collectors.joining(", "))
            + ": cost per million output tokens against inter-token latency; nothing else here is"
            + " both faster and cheaper"));
    return t.toString().lines().map(String::stripTrailing).collect(Collectors.joining("\n"));
  }

  private static String num(OptionalDouble v, String format) {
    return v.isPresent() ? fmt(format, v.getAsDouble()) : "-";
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
