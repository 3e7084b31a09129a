package io.infer4j.samples.cli.internal.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The {@code --chart} picture of a comparison, drawn with XChart (Apache-2.0; one small library
 * that writes both PNG and SVG without a window): each platform is a point at its time to first
 * token (x) and decode rate (y), both on log scales because the platforms span orders of
 * magnitude; measured platforms are circles, simulated ones diamonds; the first-token budget, when
 * given, is a dashed vertical line. Better is up and to the left.
 */
public final class ComparisonChart {
  /** Picture size in pixels (PNG) or points (SVG). */
  static final int WIDTH = 1000;
  static final int HEIGHT = 640;

  /** The formats {@code --chart} writes, by file extension. */
  public enum Format {
    PNG, SVG;

    /**
     * The format a file name asks for.
     *
     * @throws IllegalArgumentException naming the accepted extensions
     */
    public static Format of(Path file) {
      String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
      if (name.endsWith(".png")) {
        return PNG;
      }
      if (name.endsWith(".svg")) {
        return SVG;
      }
      throw new IllegalArgumentException("the file name must end in .png or .svg");
    }
  }

  private ComparisonChart() {}

  /**
   * Draws {@code c} into {@code file} (replacing it) in the format its extension names.
   *
   * @throws UncheckedIOException if the file cannot be written
   * @throws IllegalArgumentException if the extension is neither {@code .png} nor {@code .svg}
   */
  public static void write(Comparison c, Path file) {
    Format format = Format.of(file);
    XYChart chart = chart(c);
    try (OutputStream out = Files.newOutputStream(file)) {
      if (format == Format.PNG) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      } else {
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the chart to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Colours a reader tells apart, colour-blind readers too: the Okabe-Ito palette (Okabe and Ito,
   * "Color Universal Design", 2008) without its black (the axes' and text's colour), then darker
   * variants for more platforms.
   */
  private static final Color[] PALETTE = {
      new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
      new Color(204, 121, 167), new Color(86, 180, 233), new Color(213, 94, 0),
      new Color(240, 228, 66), new Color(0, 70, 110), new Color(140, 90, 0),
      new Color(0, 100, 70), new Color(130, 60, 100), new Color(150, 60, 0), new Color(40, 120, 160)};

  /** The {@code index}-th colour of the palette (wrapping round), for other charts of the command line. */
  public static Color colour(int index) {
    return PALETTE[Math.floorMod(index, PALETTE.length)];
  }

  /**
   * The chart of {@code c}: one series per platform offered to the router that has a positive
   * rate (a row for another model, such as the text-writing model when a catalog model is
   * compared, is left out), the router's pick named in the legend.
   */
  static XYChart chart(Comparison c) {
    System.setProperty("java.awt.headless", "true"); // draws off screen; no display needed
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("infer4j compare: " + c.comparedModel() + ", " + c.promptTokens() + " prompt + "
            + c.outputTokens() + " output tokens (circles measured, diamonds simulated)")
        .xAxisTitle("time to first token, ms (log scale; left is better)")
        .yAxisTitle("decode tokens/s (log scale; up is better)")
        .build();
    XYStyler s = chart.getStyler();
    s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setXAxisLogarithmic(true);
    s.setYAxisLogarithmic(true);
    s.setXAxisLogarithmicDecadeOnly(false); // labels between the powers of ten too
    s.setYAxisLogarithmicDecadeOnly(false);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setMarkerSize(12);
    s.setChartBackgroundColor(Color.WHITE);
    List<PlatformRow> plotted = c.rows().stream()
        .filter(r -> c.candidates().contains(r.platform()))
        .filter(r -> r.figures().map(f -> f.ttftMs() > 0 && f.tokensPerS() > 0).orElse(false))
        .toList();
    double minY = Double.MAX_VALUE;
    double maxY = 0;
    for (int i = 0; i < plotted.size(); i++) {
      PlatformRow r = plotted.get(i);
      Figures f = r.figures().orElseThrow();
      boolean pick = c.pick().platform().filter(r.platform()::equals).isPresent();
      String name = r.label() + ", " + r.source().label()
          + (r.model().equals(c.comparedModel()) || r.model().isEmpty() ? "" : ", " + r.model())
          + (pick ? " (router pick)" : "");
      XYSeries series = chart.addSeries(name, new double[] {f.ttftMs()}, new double[] {f.tokensPerS()});
      series.setMarker(r.source() == Source.MEASURED ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
      series.setMarkerColor(colour(i));
      minY = Math.min(minY, f.tokensPerS());
      maxY = Math.max(maxY, f.tokensPerS());
    }
    if (plotted.isEmpty()) {
      chart.setTitle(chart.getTitle() + ": no platform has figures to plot");
      chart.addSeries("no figures", new double[] {1}, new double[] {1}).setMarker(SeriesMarkers.NONE);
    } else if (c.ttftBudgetMs().isPresent()) {
      double x = c.ttftBudgetMs().getAsDouble();
      XYSeries budget = chart.addSeries("TTFT budget " + Numbers.figure(x) + " ms",
          new double[] {x, x}, new double[] {minY / 2, maxY * 2});
      budget.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      budget.setMarker(SeriesMarkers.NONE);
      budget.setLineColor(Color.GRAY);
      budget.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
          new float[] {6f, 4f}, 0f));
    }
    return chart;
  }
}
