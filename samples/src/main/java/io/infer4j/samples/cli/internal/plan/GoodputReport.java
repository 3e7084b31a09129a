package io.infer4j.samples.cli.internal.plan;

import io.infer4j.runtime.shape.GoodputPerUnit;
import io.infer4j.runtime.shape.JsonLine;
import io.infer4j.runtime.shape.KvLink;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code plan --prefill HW:N --decode HW:N --goodput} prints: goodput per chip or GPU of the
 * disaggregated system against the aggregated one on the same hardware and SLOs.
 *
 * @param model the model's name
 * @param hardware the one hardware of both pools
 * @param unitName what one unit of it is called ("GPU", "chip")
 * @param link what the KV cache crosses
 * @param goodput the comparison
 * @param precision the weights, as the plan was asked
 */
public record GoodputReport(
    String model, String hardware, String unitName, KvLink link, GoodputPerUnit goodput,
    String precision) {

  /** One JSON object: the lengths and SLOs, then both systems and their ratio. */
  public String toJson() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("model", model);
    f.put("hardware", hardware);
    f.put("prompt_tokens", goodput.load().promptTokens());
    f.put("output_tokens", goodput.load().outputTokens());
    f.put("ttft_slo_ms", goodput.load().ttftSloMs());
    f.put("tpot_slo_ms", goodput.load().tpotSloMs());
    f.put("link", link.id());
    f.put("precision", precision);
    f.putAll(goodput.toJsonFields());
    f.put("simulated", true);
    return JsonLine.writeRounded(f, 3);
  }

  /** A short table. */
  public String toTable() {
    GoodputPerUnit g = goodput;
    StringBuilder t = new StringBuilder();
    row(t, "model", model + " (simulated)");
    row(t, "SLOs", fmt("%d prompt + %d output tokens; TTFT p%s <= %.0f ms, %s TPOT <= %.1f ms",
        g.load().promptTokens(), g.load().outputTokens(), percentile(g.ttftQuantile()),
        g.load().ttftSloMs(), Double.isNaN(g.tpotQuantile()) ? "mean"
            : "p" + percentile(g.tpotQuantile()), g.load().tpotSloMs()));
    row(t, "precision", precision);
    row(t, "aggregated", g.aggregated() == null ? "cannot meet the SLOs on " + hardware
        : fmt("1 x %d %s, batch %d: %.2f requests/s, %.3f per %s", g.aggregated().units(),
            hardware, g.aggregated().batch(), g.aggregatedRate(), g.aggregatedPerUnit(), unitName));
    row(t, "disaggregated", fmt("%dP%dD: prefill %d x %d %s (%.2f requests/s each), decode %d x %d"
            + " %s, batch %d (%.2f requests/s each)", g.prefillReplicas(), g.decodeReplicas(),
        g.prefillReplicas(), g.prefill().units(), hardware, g.prefillRate(), g.decodeReplicas(),
        g.decode().units(), hardware, g.decode().batch(), g.decodeRate()));
    row(t, "", fmt("%.2f requests/s on %d %ss: %.3f per %s; KV transfer %.3f ms over %s",
        g.disaggregatedRate(), g.disaggregatedUnits(), unitName, g.disaggregatedPerUnit(), unitName,
        g.transferMs(), link.id()));
    row(t, "goodput per " + unitName, g.aggregated() == null ? "only disaggregated meets the SLOs"
        : fmt("disaggregated / aggregated = %.2fx", g.ratio()));
    return t.toString().stripTrailing();
  }

  private static String percentile(double q) {
    double p = q * 100;
    return p == Math.rint(p) ? String.valueOf((long) p) : fmt("%.1f", p);
  }

  private static void row(StringBuilder t, String label, String value) {
    t.append(String.format(Locale.ROOT, "%-19s %s%n", label, value));
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
