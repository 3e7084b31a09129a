package io.infer4j.gpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.testing.PublishedFigure;
import io.infer4j.runtime.testing.PublishedFigures;
import io.infer4j.runtime.testing.SharedFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Predicts every GPU row of the shared {@code published.csv} from the row's own description (model,
 * hardware, GPU count, precision, prompt and output lengths) with the tuned engine ({@link
 * GpuEngine#TUNED}: the published figures are tuned engines') and checks the error is within 15%.
 * Rows are read generically, so rows added later are checked the same way: every row is an LPU
 * row ({@code L...}, backend-lpu's) or a GPU row ({@code G...}); any other id fails, and a GPU row
 * that cannot be predicted at all (an unknown GPU, precision or metric) is a failure, not a skip.
 */
class PublishedGpuFiguresValidationTest {

  private static final double TOLERANCE = 0.15;

  /** gpt-fast's generate.py default (--max_new_tokens 200), used when a row names no output length. */
  private static final int DEFAULT_OUTPUT_TOKENS = 200;

  private static final int DEFAULT_PROMPT_TOKENS = 128;

  /** Rows this repository keeps beside the shared file: hardware the shared file has no row for. */
  private static final String REPOSITORY_ROWS = "/validation/published-gpu.csv";

  @Test
  void everyGpuRowIsPredictedWithinFifteenPercent() throws Exception {
    check(SharedFiles.publishedFigures());
  }

  @Test
  void everyRowOfTheRepositorysTableIsPredictedWithinFifteenPercent() throws Exception {
    try (var in = getClass().getResourceAsStream(REPOSITORY_ROWS)) {
      assertTrue(in != null, REPOSITORY_ROWS + " is on the test classpath");
      List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .lines().toList();
      check(io.infer4j.runtime.testing.PublishedFigures.parse(lines, REPOSITORY_ROWS));
    }
  }

  private static void check(List<PublishedFigure> figures) {
    List<String> table = new ArrayList<>();
    table.add("| id | model | hardware | config | precision | metric | published | predicted | error |");
    table.add("|---|---|---|---|---|---|---:|---:|---:|");
    List<String> failures = new ArrayList<>();
    int gpuRows = 0;
    int rows = 0;
    for (PublishedFigure row : figures) {
      rows++;
      if (row.id().startsWith("L")) {
        continue; // LPU rows belong to backend-lpu
      }
      if (!row.id().startsWith("G")) {
        failures.add(row.id() + ": neither an LPU (L...) nor a GPU (G...) row, so nothing checks it");
        continue;
      }
      gpuRows++;
      GpuPlan plan;
      try {
        plan = GpuPlanner.plan(requestFor(row));
        metric(plan, row.metric());
      } catch (RuntimeException e) {
        failures.add(row.id() + ": cannot be predicted: " + e);
        continue;
      }
      double published = row.value();
      double predicted = metric(plan, row.metric());
      double error = (predicted - published) / published;
      table.add(line(row, row.metric(), published, predicted, error, ""));
      if (Math.abs(error) > TOLERANCE) {
        failures.add(row.id() + ": " + row.metric() + " published " + published
            + ", predicted " + predicted);
      }
      Matcher ttft = Pattern.compile("TTFT (\\d+(?:\\.\\d+)?) ms").matcher(row.notes());
      if (ttft.find() && !row.metric().equals("ttft_ms")) {
        double publishedTtft = Double.parseDouble(ttft.group(1));
        table.add(line(row, "ttft_ms (from notes, not asserted)", publishedTtft, plan.ttftMs(),
            (plan.ttftMs() - publishedTtft) / publishedTtft, ""));
      }
    }
    System.out.println(String.join(System.lineSeparator(), table));
    System.out.println(gpuRows + " GPU rows of " + rows + " compared");
    assertTrue(gpuRows > 0, "published.csv has no GPU rows");
    assertTrue(failures.isEmpty(), "rows not predicted within 15%: " + failures);
  }

  @Test
  void rowDescriptionsAreReadAsThePublishedConfiguration() {
    PublishedFigure g3 = new PublishedFigure("G3", "Llama-3.3-70B", "H100-80GB SXM x2",
        "NVIDIA NIM 1.8.0 (TensorRT-LLM), TP2, 5000 in / 500 out, concurrency 1", "FP8",
        "inter_token_latency_ms", 18.58, "ms", "", "", "");
    GpuPlanRequest request = requestFor(g3);
    assertTrue(request.model().equals("llama-3.3-70b") && request.hardware() == GpuHardware.H100);
    assertTrue(request.gpus() == 2 && request.precision() == GpuPrecision.FP8);
    assertTrue(request.promptTokens() == 5000 && request.outputTokens() == 500 && request.batch() == 1);
    assertTrue(request.engine() == GpuEngine.TUNED);
    assertFalse(hardwareIn("NVIDIA L40S") == GpuHardware.L4, "L40S is not an L4");
  }

  static GpuPlanRequest requestFor(PublishedFigure row) {
    String hardwareText = row.hardware();
    String config = row.config();
    GpuHardware hardware = hardwareIn(hardwareText);
    if (hardware == null) {
      throw new IllegalArgumentException("no GPU the timing model knows in '" + hardwareText + "'");
    }
    return GpuPlanRequest.builder(row.model().toLowerCase(Locale.ROOT), hardware)
        .gpus(firstInt(hardwareText, firstInt(config, 1, "\\bTP\\s*(\\d+)", "tensor parallel (\\d+)",
            "(\\d+) GPUs?\\b"), "(?:^|\\s)x\\s*(\\d+)\\b"))
        .precision(GpuPrecision.fromId(row.precision()))
        .engine(GpuEngine.TUNED)
        .promptTokens(firstInt(config, DEFAULT_PROMPT_TOKENS, "(\\d+)-token prompt", "(\\d+) in\\b"))
        .outputTokens(firstInt(config, DEFAULT_OUTPUT_TOKENS, "(\\d+) out\\b", "(\\d+) output tokens"))
        .batch(firstInt(config, 1, "batch (\\d+)", "concurrency (\\d+)"))
        .build();
  }

  static GpuHardware hardwareIn(String text) {
    for (GpuHardware hardware : GpuHardware.values()) {
      String id = hardware.id().replace('-', ' ');
      if (Pattern.compile("(?i)\\b" + id + "\\b").matcher(text.replace('-', ' ')).find()) {
        return hardware;
      }
    }
    return null;
  }

  private static int firstInt(String text, int fallback, String... patterns) {
    for (String pattern : patterns) {
      Matcher m = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE).matcher(text);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return fallback;
  }

  private static double metric(GpuPlan plan, String metric) {
    return switch (metric) {
      case "decode_tokens_per_s_per_user", "decode_tokens_per_s" -> plan.decodeTokensPerS();
      case "inter_token_latency_ms" -> plan.interTokenLatencyMs();
      case "ttft_ms" -> plan.ttftMs();
      case "prefill_tokens_per_s" -> plan.prefillTokensPerS();
      // a whole request: first token, then the rest at the mean inter-token latency
      case "e2e_latency_ms" -> plan.ttftMs() + (plan.outputTokens() - 1) * plan.interTokenLatencyMs();
      default -> throw new IllegalArgumentException("no prediction for metric " + metric);
    };
  }

  private static String line(
      PublishedFigure row, String metric, double published, double predicted, double error, String note) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s | %s | %s | %.2f | %.2f | %+.1f%% |%s",
        row.id(), row.model(), row.hardware(), row.config(), row.precision(),
        metric, published, predicted, error * 100, note);
  }
}
