package io.infer4j.samples.cli.internal.plan;

import io.infer4j.gpu.GpuHardware;
import io.infer4j.lpu.LpuPlan;
import io.infer4j.samples.cli.internal.compare.ComparisonChart;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code plan --chart} for one hardware: what more chips or GPUs buy. One panel per quantity, each
 * against the count of a {@link CountSweep}: inter-token latency, output tokens per second, then
 * cost per million output tokens and joules per output token where the hardware has a price and a
 * power figure (a panel with no figure at any count is left out). The count axis is logarithmic
 * when it spans more than a factor of 8 (the LPU's doublings, TPU slices).
 */
public final class SweepChart {

  /** One panel's size in pixels (PNG) or points (SVG). */
  static final int PANEL_WIDTH = 620;
  static final int PANEL_HEIGHT = 400;

  private SweepChart() {}

  /** One quantity drawn against the count: the panel's title, its y axis, how to read a point. */
  private record Quantity(String title, String axis, Function<PlanPoint, OptionalDouble> value) {}

  /**
   * The heading and panels for {@code points} (one hardware, in order of count) and writes them to
   * {@code file}; returns the quantities left out for want of figures ("cost: no price ...").
   */
  public static List<String> write(List<PlanPoint> points, String model, int promptTokens,
      int outputTokens, int batch, Path file) {
    List<String> missing = new ArrayList<>();
    List<XYChart> charts = panels(points, batch, missing);
    PlanPoint first = points.get(0);
    String heading = String.format(Locale.ROOT,
        "infer4j plan: %s on %s, %s weights, %d prompt + %d output tokens, batch %d (simulated)",
        model, hardwareName(first.hardware()), first.precision(), promptTokens, outputTokens, batch);
    ChartFile.write(file, heading, 2, charts);
    return missing;
  }

  /** The panels, one per quantity with figures; each quantity without any goes into {@code missing}. */
  static List<XYChart> panels(List<PlanPoint> points, int batch, List<String> missing) {
    PlanPoint first = points.get(0);
    List<Quantity> quantities = List.of(
        new Quantity("inter-token latency", "ms per output token (lower is better)",
            p -> OptionalDouble.of(p.interTokenLatencyMs())),
        new Quantity(batch == 1 ? "decode throughput" : "decode throughput, batch " + batch,
            "output tokens/s" + (batch == 1 ? "" : " over all sequences") + " (higher is better)",
            p -> OptionalDouble.of(p.outputTokensPerS())),
        new Quantity("cost", "$ per million output tokens (lower is better)",
            p -> p.costAndEnergy().costPerMillionOutputTokens()),
        new Quantity("energy", "J per output token at rated power (lower is better)",
            p -> p.costAndEnergy().joulesPerOutputToken()));
    String xTitle = hardwareName(first.hardware()) + " " + first.unit() + "s";
    List<XYChart> charts = new ArrayList<>();
    for (int q = 0; q < quantities.size(); q++) {
      Quantity quantity = quantities.get(q);
      List<PlanPoint> known = points.stream().filter(p -> quantity.value().apply(p).isPresent()).toList();
      if (known.isEmpty()) {
        missing.add(quantity.title() + ": " + (q == 2
            ? "no price per " + first.unit() + "-hour (" + first.costAndEnergy().priceSource()
                + "); give --price-per-hour"
            : "no published power per " + first.unit() + " (" + first.costAndEnergy().powerSource()
                + "); give --watts"));
        continue;
      }
      charts.add(panel(quantity, known, xTitle, ComparisonChart.colour(charts.size())));
    }
    return charts;
  }

  private static XYChart panel(Quantity quantity, List<PlanPoint> points, String xTitle, Color colour) {
    double[] counts = points.stream().mapToDouble(PlanPoint::units).toArray();
    boolean log = Log2Axis.helps(counts, 8);
    XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
        .title(quantity.title()).xAxisTitle(xTitle + (log ? " (log scale)" : ""))
        .yAxisTitle(quantity.axis()).build();
    XYStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setLegendVisible(false);
    s.setMarkerSize(9);
    s.setYAxisMin(0.0); // a quantity's change read against zero, not magnified
    s.setXAxisDecimalPattern("#,###");
    s.setPlotMargin(12);
    s.setChartTitlePadding(8);
    if (log) {
      Log2Axis.onX(chart);
    }
    double[] y = points.stream().mapToDouble(p -> quantity.value().apply(p).getAsDouble()).toArray();
    XYSeries series = chart.addSeries(quantity.title(), log ? Log2Axis.of(counts) : counts, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setMarkerColor(colour);
    series.setLineColor(colour);
    return chart;
  }

  /** "LPU", "NVIDIA H100 SXM", ... as the charts name the hardware. */
  static String hardwareName(String id) {
    return LpuPlan.HARDWARE.equals(id) ? "LPU" : GpuHardware.fromId(id).spec().name();
  }
}
