package io.infer4j.samples.cli.internal.plan;

import io.infer4j.samples.cli.internal.compare.ComparisonChart;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code plan --compare ... --chart}: each priced hardware a point at its inter-token latency (x)
 * and cost per million output tokens (y), in a colour of its own (its place in the list asked, so
 * a hardware keeps its colour whether or not another is priced), and the Pareto front as a dark
 * line through the points nothing else beats on both, named in the legend. An axis is logarithmic
 * when its values span more than a factor of 10. Lower and to the left is better.
 */
public final class CostLatencyChart {

  static final int WIDTH = 1000;
  static final int HEIGHT = 640;

  /** The front's colour: a dark grey, apart from every hardware's colour. */
  static final Color FRONT = new Color(60, 60, 60);

  private CostLatencyChart() {}

  /** Draws {@code c} into {@code file}, PNG or SVG by its extension. */
  public static void write(HardwareComparison c, Path file) {
    ChartFile.write(file, null, 1, List.of(chart(c)));
  }

  static XYChart chart(HardwareComparison c) {
    List<HardwareComparison.Row> priced = c.priced();
    List<String> unpriced = c.rows().stream().filter(r -> r.point() != null && r.cost().isEmpty())
        .map(HardwareComparison.Row::hardware).toList();
    double[] latency = priced.stream().mapToDouble(r -> r.point().interTokenLatencyMs()).toArray();
    double[] cost = priced.stream().mapToDouble(r -> r.cost().getAsDouble()).toArray();
    boolean logX = Log2Axis.helps(latency, 10);
    boolean logY = Log2Axis.helps(cost, 10);
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(String.format(Locale.ROOT, "plan --compare: %s, %s, %d + %d tokens, batch %d (simulated)%s",
            c.model(), c.precision(), c.promptTokens(), c.outputTokens(), c.batch(),
            unpriced.isEmpty() ? "" : "; no price: " + String.join(", ", unpriced)))
        .xAxisTitle("inter-token latency, ms" + (logX ? " (log scale)" : "") + "; left is better")
        .yAxisTitle("$ per million output tokens" + (logY ? " (log scale)" : "") + "; down is better")
        .build();
    XYStyler s = chart.getStyler();
    s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setChartBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setMarkerSize(12);
    if (logX) {
      Log2Axis.onX(chart);
    }
    if (logY) {
      Log2Axis.onY(chart);
    }
    if (priced.isEmpty()) {
      chart.setTitle(chart.getTitle() + ": nothing to plot (give --price-per-hour)");
      chart.addSeries("no prices", new double[] {1}, new double[] {1}).setMarker(SeriesMarkers.NONE);
      return chart;
    }
    List<HardwareComparison.Row> front = c.front();
    for (HardwareComparison.Row r : priced) {
      XYSeries point = chart.addSeries(r.hardware() + ", " + r.point().count()
              + (front.contains(r) ? " (front)" : ""),
          new double[] {x(r.point().interTokenLatencyMs(), logX)}, new double[] {x(r.cost().getAsDouble(), logY)});
      point.setMarker(SeriesMarkers.CIRCLE);
      point.setMarkerColor(ComparisonChart.colour(r.index()));
    }
    XYSeries line = chart.addSeries("Pareto front: " + front.stream().map(HardwareComparison.Row::hardware)
            .collect(Collectors.joining(", ")),
        front.stream().mapToDouble(r -> x(r.point().interTokenLatencyMs(), logX)).toArray(),
        front.stream().mapToDouble(r -> x(r.cost().getAsDouble(), logY)).toArray());
    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    line.setMarker(SeriesMarkers.NONE);
    line.setLineColor(FRONT);
    line.setLineStyle(new BasicStroke(2f));
    return chart;
  }

  /** Where {@code v} is drawn: itself, or its base-2 logarithm on a log axis. */
  private static double x(double v, boolean log) {
    return log ? Math.log(v) / Math.log(2) : v;
  }
}
