package io.infer4j.samples.cli.internal.plan;

import io.infer4j.runtime.shape.CapacityPlan;
import io.infer4j.runtime.shape.DisaggregatedCapacity;
import io.infer4j.runtime.shape.JsonLine;
import io.infer4j.runtime.shape.KvLink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code plan --prefill ... --decode ...} prints: the disaggregated system and, for each
 * pool's hardware, the smallest aggregated system of that hardware alone for the same load (null
 * when it cannot meet the SLOs).
 */
public record DisaggregatedReport(
    String model,
    Pool prefill,
    Pool decode,
    KvLink link,
    long kvBytes,
    DisaggregatedCapacity split,
    Map<String, CapacityPlan> aggregated,
    String precision) {

  /** One JSON object: the load, the disaggregated system, then the aggregated ones. */
  public String toJson() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("model", model);
    f.put("requests_per_s", split.load().requestsPerSecond());
    f.put("prompt_tokens", split.load().promptTokens());
    f.put("output_tokens", split.load().outputTokens());
    f.put("ttft_slo_ms", split.load().ttftSloMs());
    f.put("tpot_slo_ms", split.load().tpotSloMs());
    f.put("prefill_hardware", prefill.hardware());
    f.put("decode_hardware", decode.hardware());
    f.put("link", link.id());
    f.put("precision", precision);
    f.put("kv_bytes_per_request", kvBytes);
    f.put("disaggregated", split.toJsonFields());
    List<Map<String, Object>> together = new ArrayList<>();
    aggregated.forEach((hw, plan) -> {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("hardware", hw);
      if (plan == null) {
        a.put("meets_slos", false);
      } else {
        a.put("meets_slos", true);
        a.putAll(plan.toJsonFields());
      }
      together.add(a);
    });
    f.put("aggregated", together);
    f.put("simulated", true);
    return JsonLine.writeRounded(f, 3);
  }

  /** A short table: the disaggregated system, then each aggregated one. */
  public String toTable() {
    StringBuilder t = new StringBuilder();
    row(t, "model", model + " (simulated)");
    row(t, "load", fmt("%.2f requests/s of %d prompt + %d output tokens; SLO: TTFT p99 <= %.0f ms,"
        + " TPOT <= %.1f ms", split.load().requestsPerSecond(), split.load().promptTokens(),
        split.load().outputTokens(), split.load().ttftSloMs(), split.load().tpotSloMs()));
    row(t, "precision", precision);
    row(t, "disaggregated", fmt("%d in all: prefill %d x %d %s, decode %d x %d %s (batch %d)",
        split.totalUnits(), split.prefillReplicas(), split.prefill().units(), prefill.hardware(),
        split.decodeReplicas(), split.decode().units(), decode.hardware(), split.decode().batch()));
    row(t, "KV transfer", fmt("%.1f MB per request over %s: %.3f ms (%s)", kvBytes / 1e6, link.id(),
        split.transferMs(), link.source()));
    row(t, "at this load", fmt("TTFT p99 %.1f ms, mean TPOT %.2f ms, goodput up to %.2f requests/s",
        split.ttftP99Ms(), split.tpotMs(), split.goodput()));
    row(t, "energy, cost", fmt("%s J per output token, %s per million output tokens",
        num(split.joulesPerOutputToken(), "%.3f"), money(split.usdPerMillionOutputTokens())));
    aggregated.forEach((hw, plan) -> row(t, "aggregated " + hw, plan == null
        ? "cannot meet the SLOs"
        : fmt("%d in all: %d x %d, batch %d; TTFT p99 %.1f ms, mean TPOT %.2f ms; %s J, %s per M output"
            + " tokens", plan.totalUnits(), plan.replicas(), plan.replica().units(),
            plan.replica().batch(), plan.atLoad().ttftP99Ms(), plan.atLoad().tpotMs(),
            num(plan.joulesPerOutputToken(), "%.3f"), money(plan.usdPerMillionOutputTokens()))));
    return t.toString().stripTrailing();
  }

  private static String num(double v, String format) {
    return Double.isNaN(v) ? "-" : fmt(format, v);
  }

  private static String money(double v) {
    return Double.isNaN(v) ? "- (no price)" : fmt("$%.4f", v);
  }

  private static void row(StringBuilder t, String label, String value) {
    t.append(String.format(Locale.ROOT, "%-19s %s%n", label, value));
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
