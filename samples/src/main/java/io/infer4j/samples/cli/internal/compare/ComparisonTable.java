package io.infer4j.samples.cli.internal.compare;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The terminal form of a comparison: the answer, then one row per platform, then the router's
 * pick and what the two kinds of figures mean.
 */
public final class ComparisonTable {
  private static final String ROW = "%-22s %-9s %-24s %-7s %-8s %9s %10s %10s %8s %8s %s%n";

  private ComparisonTable() {}

  /** Prints {@code c} to {@code out}. */
  public static void print(Comparison c, PrintWriter out) {
    out.println(c.text().isEmpty() ? "(the in-process model gave no answer; see its row)" : c.prompt() + c.text());
    out.println();
    out.printf(Locale.ROOT, "%s, %d prompt + %d output tokens, batch 1; simulated weights %s.%n",
        c.sameModel() ? "Model " + c.comparedModel()
            : "Text from " + c.textModel() + " (measured); simulated figures for " + c.comparedModel(),
        c.promptTokens(), c.outputTokens(), c.precision());
    out.println();
    out.printf(Locale.ROOT, ROW, "platform", "figures", "model", "weights", "devices", "TTFT ms",
        "tokens/s", "total ms", "$/Mtok", "J/token", "fits");
    for (PlatformRow r : c.rows()) {
      printRow(out, c, r);
    }
    out.println();
    out.println("router pick (" + c.policy().id() + ", " + c.budget().describe() + "): "
        + c.pick().platform().orElse("none") + " - " + c.pick().reason());
    if (!c.sameModel()) {
      out.println("  (the in-process row ran " + c.textModel() + ", not " + c.comparedModel()
          + ", so it does not compete)");
    }
    out.println("measured: timed while the platform answered (this machine, or the endpoint over"
        + " the network); simulated: predicted by infer4j's timing models, nothing ran there.");
    out.println("$/Mtok and J/token: '-' where no price or energy is known (the what-if models do"
        + " not price hardware yet; a remote instance shows its cost-per-million-tokens).");
    out.flush();
  }

  private static void printRow(PrintWriter out, Comparison c, PlatformRow r) {
    if (r.figures().isEmpty()) {
      out.printf(Locale.ROOT, "%-22s %-9s %-24s %-7s failed: %s%n", r.label(), r.source().label(),
          dash(r.model()), dash(r.precision()), r.failure());
      return;
    }
    Figures f = r.figures().get();
    out.printf(Locale.ROOT, ROW, r.label(), r.source().label(), dash(r.model()), dash(r.precision()),
        devices(r), Numbers.figure(f.ttftMs()), Numbers.figure(f.tokensPerS()),
        Numbers.figure(f.totalMs()), Numbers.figure(f.costPerMillionTokens()),
        Numbers.figure(f.joulesPerToken()), c.fits(r) ? "yes" : "no");
  }

  /** {@code 8 chips}, {@code 2 GPUs}, or {@code -} when not applicable. */
  static String devices(PlatformRow r) {
    if (r.devices() == 0) {
      return "-";
    }
    String unit = r.device().equals(SimulatedPlatforms.LPU) ? "chip"
        : r.device().startsWith("cpu") ? "CPU" : "GPU";
    return r.devices() + " " + unit + (r.devices() == 1 ? "" : "s");
  }

  private static String dash(String s) {
    return s.isEmpty() ? "-" : s;
  }
}
