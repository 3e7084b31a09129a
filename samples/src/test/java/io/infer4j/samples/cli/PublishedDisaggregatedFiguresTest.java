package io.infer4j.samples.cli;

import static io.infer4j.samples.cli.PublishedRows.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infer4j.runtime.shape.PoolRatio;
import io.infer4j.runtime.testing.PublishedFigure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Predicts every row of {@code validation/published-disaggregated.csv} (published disaggregated
 * against aggregated serving, ids {@code D...}) by running {@code infer4j plan --prefill HW:N
 * --decode HW:N --goodput} with the row's own configuration (model, GPU, lengths, SLOs and the
 * percentile they are on), and checks each within the tolerance of its kind. Every row must be
 * predicted: an id not starting with {@code D}, or a metric, model or GPU the test cannot read, is
 * a failure, not a skip.
 *
 * <p><b>Tolerances.</b>
 *
 * <ul>
 *   <li><b>Absolute goodput</b> (requests/s of one system or worker): one-sided, the prediction at
 *       least {@value #TIMING_BAND} below the published figure. {@code --engine tuned} times a
 *       well-tuned engine of today, validated within 15% against published engines
 *       ({@code PublishedGpuFiguresValidationTest}); DistServe's figures are of vLLM and DistServe's
 *       own prototype in early 2024, read "roughly" off a figure. A tuned engine being faster is
 *       expected and is reported, not asserted: the test only fails when the model is slower than
 *       that 2024 system by more than the timing model's own validation band.
 *   <li><b>The ratio</b> disaggregated over aggregated goodput per GPU: two-sided, within the
 *       model's phase imbalance measured on the same source. The ratio cancels the engine's speed
 *       only if the model gets prefill and decode wrong by the same factor; the prefill-worker and
 *       decode-worker rows measure the factors apart, and {@code max(f_d / f_p, f_p / f_d) - 1} is
 *       how far the model's balance of the two phases is off, so how far the ratio can be expected
 *       to be off. It is computed from the component rows, not chosen to fit the ratio row.
 * </ul>
 *
 * The table printed is the one README.md shows.
 */
class PublishedDisaggregatedFiguresTest {

  private static final String ROWS = "/validation/published-disaggregated.csv";

  /** The GPU timing model's validation band against published engines (backend-gpu's test). */
  private static final double TIMING_BAND = 0.15;

  /**
   * Catalog stand-ins for published models the catalog lacks. OPT-13B and Llama-2-13B have the
   * same depth (40 layers), width (5120), attention (40 full heads, so the same KV cache per
   * token: 2 x 40 x 5120 values) and about the same weights (12.9 and 13.0 billion; OPT's 4x
   * plain FFN against Llama's 2.7x gated one): the same bytes per decode step and FLOPs per
   * prompt token, to about 1%.
   */
  private static final Map<String, String> STAND_INS = Map.of("opt-13b", "llama-2-13b");

  @Test
  void everyDisaggregatedRowIsPredictedWithinItsTolerance() throws Exception {
    List<PublishedFigure> rows;
    rows = PublishedRows.read(ROWS);
    Map<List<String>, JsonNode> runs = new HashMap<>();
    Map<String, Double> predicted = new HashMap<>();
    List<String> failures = new ArrayList<>();
    for (PublishedFigure row : rows) {
      if (!row.id().startsWith("D")) {
        failures.add(row.id() + ": not a disaggregated (D...) row, so nothing checks it");
        continue;
      }
      try {
        List<String> args = command(row);
        JsonNode plan = runs.computeIfAbsent(args, PublishedRows::run);
        predicted.put(row.id(), metric(plan, row.metric(), row.config()));
      } catch (RuntimeException e) {
        failures.add(row.id() + ": cannot be predicted: " + e);
      }
    }
    List<String> table = new ArrayList<>();
    table.add("| id | hardware | metric | published | predicted (simulated) | error | tolerance |");
    table.add("|---|---|---|---:|---:|---:|---|");
    for (PublishedFigure row : rows) {
      Double p = predicted.get(row.id());
      if (p == null) {
        continue;
      }
      double error = (p - row.value()) / row.value();
      String tolerance;
      boolean ok;
      Matcher spread = Pattern.compile("tolerance: source spread (\\d+(?:\\.\\d+)?)x")
          .matcher(row.notes());
      if (row.notes().contains("tolerance: phase balance")) {
        // the model's error on each phase alone, from the worker rows of the same source
        double prefillFactor = factor(rows, predicted, row.source(), "prefill_worker_goodput");
        double decodeFactor = factor(rows, predicted, row.source(), "decode_worker_goodput");
        double band = Math.max(decodeFactor / prefillFactor, prefillFactor / decodeFactor) - 1;
        tolerance = String.format(Locale.ROOT, "+/-%.0f%% (phase balance)", 100 * band);
        ok = Math.abs(error) <= band + 1e-9;
      } else if (spread.find()) {
        // the source's own figures disagree by this factor: anything within it is as good
        double k = Double.parseDouble(spread.group(1));
        tolerance = String.format(Locale.ROOT, "within %.2fx either way (source's own spread)", k);
        ok = p >= row.value() / k - 1e-9 && p <= row.value() * k + 1e-9;
      } else if (row.metric().endsWith("_ratio")) {
        failures.add(row.id() + ": a ratio row must say its tolerance in its notes");
        ok = false;
        tolerance = "none stated";
      } else {
        tolerance = String.format(Locale.ROOT, ">= -%.0f%% (tuned engine)", 100 * TIMING_BAND);
        ok = error >= -TIMING_BAND;
      }
      table.add(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %+.0f%% | %s |",
          row.id(), row.hardware(), row.metric(), row.value(), p, 100 * error, tolerance));
      if (!ok) {
        failures.add(String.format(Locale.ROOT, "%s: %s published %.3f, predicted %.3f (%+.0f%%),"
            + " tolerance %s", row.id(), row.metric(), row.value(), p, 100 * error, tolerance));
      }
    }
    System.out.println(String.join(System.lineSeparator(), table));
    assertTrue(rows.size() >= 5 && predicted.size() == rows.size() - (int) rows.stream()
        .filter(r -> !r.id().startsWith("D")).count(), "every D row predicted: " + failures);
    assertTrue(failures.isEmpty(), "rows off their tolerance: " + failures);
  }

  @Test
  void aRowIsReadAsThePublishedConfiguration() {
    PublishedFigure d1 = new PublishedFigure("D1", "13B LLM (OPT-13B)", "A100-80GB x1",
        "colocated, 1 GPU, 512 in / 64 out, SLO P90 TTFT 400 ms and P90 TPOT 40 ms", "FP16",
        "goodput_per_gpu_aggregated", 1.6, "req/s/GPU", "", "", "");
    assertEquals(List.of("plan", "--model", "llama-2-13b", "--prefill", "a100:1", "--decode",
        "a100:1", "--goodput", "--prompt-tokens", "512", "--output-tokens", "64", "--ttft-slo",
        "400", "--ttft-percentile", "90", "--tpot-slo", "40", "--tpot-percentile", "90",
        "--precision", "fp16", "--link", "nvlink", "--json"), command(d1));
    PublishedFigure d7 = new PublishedFigure("D7", "Llama-3.1-70B", "H100-80GB SXM x16",
        "2 nodes of 8 H100, 3000 in / 150 out, SLO mean TPOT 20 ms, SLO mean TTFT 1157 ms;"
            + " disaggregated 4P1D (prefill TP2 x4, decode TP8)", "FP8",
        "output_tokens_per_s_per_gpu_disaggregated", 87.56, "tok/s/GPU", "", "", "");
    assertEquals(List.of("plan", "--model", "llama-3.1-70b", "--prefill", "h100:2", "--decode",
        "h100:8", "--goodput", "--prompt-tokens", "3000", "--output-tokens", "150", "--ttft-slo",
        "1157", "--ttft-percentile", "50", "--tpot-slo", "20", "--precision", "fp8", "--link",
        "infiniband", "--json"), command(d7));
  }

  /**
   * The command for a row: workers of the row's tensor parallelism ({@code prefill TP2}, {@code
   * decode TP8}; 1 GPU each when it names none, as DistServe's example runs them), InfiniBand
   * between them when the row spans two nodes, else NVLink (one node).
   */
  static List<String> command(PublishedFigure row) {
    Matcher named = Pattern.compile("\\(([^)]+)\\)").matcher(row.model());
    String published = (named.find() ? named.group(1) : row.model()).strip().toLowerCase(Locale.ROOT);
    String model = STAND_INS.getOrDefault(published, published);
    String gpu = PublishedRows.gpu(row.hardware());
    String config = row.config();
    Matcher ttft = Pattern.compile("(?:P(\\d+)|mean) TTFT (\\d+) ms").matcher(config);
    Matcher tpot = Pattern.compile("(?:P(\\d+)|mean) TPOT (\\d+) ms").matcher(config);
    if (!ttft.find() || !tpot.find()) {
      throw new IllegalArgumentException("no TTFT and TPOT SLOs in '" + config + "'");
    }
    // an SLO on a mean is held at the median: the model's first-token times are quantiles
    String percentile = ttft.group(1) == null ? "50" : ttft.group(1);
    String prefillUnits = groupOr(config, "prefill TP(\\d+)", "1");
    String decodeUnits = groupOr(config, "decode TP(\\d+)", "1");
    String link = config.matches("(?s).*\\b(2|two) nodes\\b.*") ? "infiniband" : "nvlink";
    List<String> args = new ArrayList<>(List.of("plan", "--model", model, "--prefill",
        gpu + ":" + prefillUnits, "--decode", gpu + ":" + decodeUnits, "--goodput",
        "--prompt-tokens", group(config, "(\\d+) in\\b"), "--output-tokens",
        group(config, "(\\d+) out\\b"), "--ttft-slo", ttft.group(2), "--ttft-percentile",
        percentile, "--tpot-slo", tpot.group(2)));
    if (tpot.group(1) != null) {
      args.addAll(List.of("--tpot-percentile", tpot.group(1))); // a TPOT SLO on a percentile
    }
    args.addAll(List.of("--precision", row.precision().toLowerCase(Locale.ROOT), "--link", link,
        "--json"));
    return args;
  }

  private static String groupOr(String text, String pattern, String fallback) {
    Matcher m = Pattern.compile(pattern).matcher(text);
    return m.find() ? m.group(1) : fallback;
  }



  /**
   * The row's figure from the plan. A row of a fixed ratio ({@code 2P1D}) takes the plan's worker
   * rates in that ratio ({@link PoolRatio#of}); else the plan's best ratio.
   */
  private static double metric(JsonNode plan, String metric, String config) {
    JsonNode d = plan.get("disaggregated");
    int outputTokens = plan.get("output_tokens").asInt();
    double aggregated = plan.get("aggregated").get("goodput_requests_per_s_per_unit").asDouble();
    double disaggregated = d.get("goodput_requests_per_s_per_unit").asDouble();
    Matcher ratio = Pattern.compile("\\b(\\d+)P(\\d+)D\\b").matcher(config);
    if (ratio.find()) {
      disaggregated = PoolRatio.of(Integer.parseInt(ratio.group(1)),
          d.get("prefill_replica_goodput_requests_per_s").asDouble(),
          d.get("prefill_units_per_replica").asInt(), Integer.parseInt(ratio.group(2)),
          d.get("decode_replica_goodput_requests_per_s").asDouble(),
          d.get("decode_units_per_replica").asInt()).perUnit();
    }
    return switch (metric) {
      case "goodput_per_gpu_aggregated" -> aggregated;
      case "goodput_per_gpu_disaggregated" -> disaggregated;
      case "goodput_per_gpu_ratio" -> disaggregated / aggregated;
      case "prefill_worker_goodput" -> d.get("prefill_replica_goodput_requests_per_s").asDouble();
      case "decode_worker_goodput" -> d.get("decode_replica_goodput_requests_per_s").asDouble();
      // output tokens/s per GPU at goodput: requests/s per GPU x output tokens
      case "output_tokens_per_s_per_gpu_disaggregated" -> disaggregated * outputTokens;
      case "output_tokens_per_s_per_gpu_aggregated" -> aggregated * outputTokens;
      case "output_tokens_per_s_per_gpu_ratio" -> disaggregated / aggregated;
      default -> throw new IllegalArgumentException("no prediction for metric " + metric);
    };
  }

  /**
   * Predicted over published for the row of {@code metric} from the same source as {@code source}
   * (the same first word: the address; the rest may name a figure).
   */
  private static double factor(List<PublishedFigure> rows, Map<String, Double> predicted,
      String source, String metric) {
    PublishedFigure row = rows.stream()
        .filter(r -> r.metric().equals(metric)
            && r.source().split(" ")[0].equals(source.split(" ")[0])).findFirst()
        .orElseThrow(() -> new AssertionError("no " + metric + " row of " + source
            + " to measure the phase balance"));
    Double p = predicted.get(row.id());
    assertTrue(p != null, row.id() + " predicted");
    return p / row.value();
  }
}
