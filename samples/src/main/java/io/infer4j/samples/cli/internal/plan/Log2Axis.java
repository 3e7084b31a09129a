package io.infer4j.samples.cli.internal.plan;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import org.knowm.xchart.XYChart;

/**
 * A logarithmic axis the charts can label legibly: values are drawn as their base-2 logarithm on a
 * linear axis whose tick labels show the values again (512, 1,024, 2,048 chips; 8, 16, 32 dollars),
 * because XChart's own logarithmic axis labels every 1 to 9 of a decade and its labels run into each
 * other when the values span less than two decades. Doubling counts land evenly spaced.
 */
final class Log2Axis {

  /** Pixels between tick marks asked of XChart: wide enough for whole doublings in a panel. */
  static final int TICK_SPACING = 90;

  private Log2Axis() {}

  /** Whether {@code values} (all positive) span more than {@code factor}, so a log axis reads better. */
  static boolean helps(double[] values, double factor) {
    double min = Arrays.stream(values).min().orElse(1);
    double max = Arrays.stream(values).max().orElse(1);
    return min > 0 && max > min * factor;
  }

  /** The base-2 logarithm of each value: what is drawn. */
  static double[] of(double[] values) {
    return Arrays.stream(values).map(v -> Math.log(v) / Math.log(2)).toArray();
  }

  /** Labels {@code chart}'s x axis with the values again. */
  static void onX(XYChart chart) {
    chart.getStyler().setXAxisTickMarkSpacingHint(TICK_SPACING);
    chart.setCustomXAxisTickLabelsFormatter(Log2Axis::label);
  }

  /** Labels {@code chart}'s y axis with the values again. */
  static void onY(XYChart chart) {
    chart.getStyler().setYAxisTickMarkSpacingHint(TICK_SPACING / 2);
    chart.setCustomYAxisTickLabelsFormatter(Log2Axis::label);
  }

  /** The value at {@code log2} on the axis: whole from 100 up ("3,288"), else three significant digits ("45.3", "0.177"). */
  static String label(double log2) {
    double v = Math.pow(2, log2);
    if (v >= 100) {
      return String.format(java.util.Locale.ROOT, "%,d", Math.round(v));
    }
    BigDecimal rounded = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
    if (rounded.scale() <= 0) {
      return String.format(java.util.Locale.ROOT, "%,d", rounded.longValue());
    }
    return rounded.toPlainString();
  }
}
