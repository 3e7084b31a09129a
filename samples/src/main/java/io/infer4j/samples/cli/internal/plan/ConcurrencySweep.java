package io.infer4j.samples.cli.internal.plan;

import io.infer4j.runtime.shape.ClosedLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code plan --concurrency 1,4,16,...}: one system under several closed loops, a row per number
 * of clients, the way benchmark pages publish latency against throughput (genai-perf and NVIDIA
 * NIM's concurrency sweeps). Stateless.
 */
public final class ConcurrencySweep {

  private ConcurrencySweep() {}

  /**
   * {@return a JSON array, one object per report as {@link ConcurrencyReport#toJson()} writes it}
   *
   * @param reports the same system at increasing concurrency
   */
  public static String toJson(List<ConcurrencyReport> reports) {
    List<String> objects = new ArrayList<>();
    for (ConcurrencyReport r : reports) {
      objects.add(r.toJson());
    }
    return "[" + String.join(",", objects) + "]";
  }

  /**
   * {@return the system once, then a row per concurrency: random phases and, for one replica,
   * lockstep}
   *
   * @param reports the same system at increasing concurrency; not empty
   */
  public static String toTable(List<ConcurrencyReport> reports) {
    ConcurrencyReport first = reports.get(0);
    StringBuilder t = new StringBuilder();
    t.append(fmt("%-25s %s (simulated)%n", "model", first.model()));
    first.appendSystem(t);
    String unit = first.prefill().unitName();
    boolean lockstep = first.lockstep() != null;
    t.append(fmt("%d prompt + %d output tokens a request; means per request (simulated)%n",
        first.promptTokens(), first.loop().outputTokens()));
    t.append(fmt("%8s %10s %9s %11s %9s %13s %7s%s%n", "clients", "TTFT ms", "TPOT ms",
        "tok/s/user", "req/s", "tok/s/" + unit, "batch",
        lockstep ? "  | lockstep: TTFT ms  TPOT ms  tok/s/" + unit : ""));
    for (ConcurrencyReport r : reports) {
      ClosedLoop l = r.loop();
      t.append(fmt("%8d %10.1f %9.2f %11.1f %9.2f %13.1f %7.1f", l.users(), l.ttftMs(), l.tpotMs(),
          1e3 / l.tpotMs(), l.requestsPerSecond(), r.perUnit(l), l.decodeBatch()));
      if (r.lockstep() != null) {
        ClosedLoop s = r.lockstep();
        t.append(fmt("  | %17.1f %8.2f %12.1f", s.ttftMs(), s.tpotMs(), r.perUnit(s)));
      }
      t.append(System.lineSeparator());
    }
    return t.toString().stripTrailing();
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
