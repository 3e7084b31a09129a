package io.infer4j.samples.cli.internal.compare;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The terminal form of a comparison: the answer, then one row per platform, then the router's
 * pick and what the two kinds of figures mean. The platform and model columns are as wide as their
 * longest entry.
 */
public final class ComparisonTable {
  private ComparisonTable() {}

  /** Prints {@code c} to {@code out}. */
  public static void print(Comparison c, PrintWriter out) {
    out.println(c.rows().get(0).figures().isEmpty() ? "(the in-process model failed; its row says why)"
        : c.text().isEmpty() ? "(the in-process model's answer is empty)" : c.prompt() + c.text());
    out.println();
    out.printf(Locale.ROOT, "%s, %d prompt + %d output tokens, batch 1; simulated weights %s.%n",
        c.model().sameModel() ? "Model " + c.comparedModel()
            : "Text from " + c.model().runName() + " (measured); simulated figures for "
                + c.comparedModel(),
        c.promptTokens(), c.outputTokens(), c.precision());
    out.println();
    int platformWidth = "platform".length();
    int modelWidth = "model".length();
    for (PlatformRow r : c.rows()) {
      platformWidth = Math.max(platformWidth, r.label().length());
      modelWidth = Math.max(modelWidth, r.model().length());
    }
    String row = "%-" + platformWidth + "s  %-9s  %-" + modelWidth
        + "s  %-7s  %-8s %9s %9s %5s %9s %7s %7s  %s%n";
    out.printf(Locale.ROOT, row, "platform", "figures", "model", "weights", "devices", "TTFT ms",
        "tokens/s", "out", "total ms", "$/Mtok", "J/tok", "router");
    for (PlatformRow r : c.rows()) {
      if (r.figures().isEmpty()) {
        out.printf(Locale.ROOT, "%-" + platformWidth + "s  %-9s  %-" + modelWidth + "s  %-7s  failed: %s%n",
            r.label(), r.source().label(), dash(r.model()), dash(r.precision()), r.failure());
        continue;
      }
      Figures f = r.figures().get();
      out.printf(Locale.ROOT, row, r.label(), r.source().label(), dash(r.model()), dash(r.precision()),
          devices(r), Numbers.figure(f.ttftMs()), Numbers.figure(f.tokensPerS()), f.outputTokens(),
          Numbers.figure(f.totalMs()), Numbers.figure(f.costPerMillionTokens()),
          Numbers.figure(f.joulesPerToken()), c.verdict(r));
    }
    out.println();
    out.println("router pick (" + c.policy().id() + ", " + c.budget() + ", " + c.outputTokens()
        + " output tokens): " + c.pick().platform().orElse("none") + ". " + c.pick().reason());
    if (!c.model().sameModel()) {
      out.println("  The in-process row ran " + c.model().runName() + ", not " + c.comparedModel()
          + ": shown, not offered to the router.");
    }
    out.println("measured: timed while the platform answered (this machine, or the endpoint over"
        + " the network, queueing included), total for its own 'out' tokens; simulated: predicted"
        + " by infer4j's timing models for the chips alone, nothing ran there. The router compares"
        + " every platform at " + c.outputTokens() + " output tokens.");
    if (c.rows().stream().anyMatch(SimulatedPlatforms::isGpu)) {
      out.println("Simulated GPU rows are for a tuned engine on that GPU (TensorRT-LLM class);"
          + " 'plan --engine infer4j' predicts infer4j's own CUDA path instead.");
    }
    out.println("$/Mtok and J/tok: per output token; simulated rows at a cited list price per chip-"
        + " or GPU-hour and at rated power ('-' where none is known: the LPU has no public price, TPUs"
        + " no published power); a remote instance shows its cost-per-million-tokens.");
    out.flush();
  }

  /** {@code 8 chips}, {@code 2 GPUs}, {@code 1 CPU}, or {@code -} when not applicable. */
  static String devices(PlatformRow r) {
    if (r.devices() == 0) {
      return "-";
    }
    String unit = r.device().equals(SimulatedPlatforms.LPU) ? "chip"
        : r.device().startsWith("cpu") ? "CPU"
        : r.device().startsWith("tpu") ? "chip" : "GPU"; // TPU ids: tpu-v5e, tpu-v6e
    return r.devices() + " " + unit + (r.devices() == 1 ? "" : "s");
  }

  private static String dash(String s) {
    return s.isEmpty() ? "-" : s;
  }
}
