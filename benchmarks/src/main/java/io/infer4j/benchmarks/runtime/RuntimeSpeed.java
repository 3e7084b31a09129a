package io.infer4j.benchmarks.runtime;

import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.gguf.GgufTensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Side-by-side speed of this runtime and llama.cpp on one GGUF file, in one run: batch-1 decode
 * tokens/s and prompt tokens/s with the same thread count, plus the machine's streaming-read
 * bandwidth and the decode limit it sets (weight bytes read per token / bandwidth).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * io.infer4j.benchmarks.runtime.RuntimeSpeed MODEL.gguf [THREADS=2] [PROMPT_TOKENS=128]
 * [DECODE_TOKENS=32]}. Each kernel mode ({@link RuntimeProbe}) and llama.cpp ({@link
 * LlamaCppProbe}) runs in its own forked JVM with a timeout: a mode measured after another in one
 * JVM ran at 29-55% of its speed when measured first (compiled code and profiles of the first
 * mode's paths), which once made a faster mode look slower. Every probe, llama.cpp's too, makes one
 * untimed run (prompt and decode) and then takes the best of three ({@link SpeedFigures#TIMED_RUNS});
 * the first round's untimed runs are printed apart, as the speed of a first request after load.
 * Prints a Markdown table on stdout. A benchmark, not a test: figures depend on the machine and
 * its load. The system property {@code kernels} ({@code AUTO} by default: the backends' default,
 * its row named with what it chose, e.g. {@code infer4j/AUTO=GGML}) names the kernel modes to
 * measure, comma-separated ({@code -Dkernels=AUTO,VECTOR_INT8}: one row each, in that order,
 * before llama.cpp); the ratios are the first mode's. {@code -Drounds=N} (1 by default) runs the
 * modes and llama.cpp N times, alternating, and reports each engine's best figures, then each
 * round's ratios and their medians: on a shared VM whose speed drifts between the two engines'
 * runs, one round's ratio moved by a third from run to run.
 */
public final class RuntimeSpeed {
  private static final long PROBE_TIMEOUT_S = 600;

  private RuntimeSpeed() {}

  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int promptTokens = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    int decodeTokens = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    System.setProperty("infer4j.kernel.threads", Integer.toString(threads));

    double bandwidth = MemoryBandwidth.measure(2L << 30, threads, 5);
    long bytesPerToken = weightBytesPerToken(model);
    String[] modes = System.getProperty("kernels", "AUTO").split(",");
    int rounds = Integer.getInteger("rounds", 1);
    if (rounds < 1) {
      throw new IllegalArgumentException("-Drounds must be at least 1, not " + rounds);
    }
    List<List<SpeedFigures>> ourRounds = new ArrayList<>(); // per mode, one entry a round
    for (String mode : modes) {
      ourRounds.add(new ArrayList<>());
    }
    List<SpeedFigures> peerRounds = new ArrayList<>();
    List<SpeedFigures> firstRuns = new ArrayList<>(); // each engine's first run after load, round 1
    for (int round = 0; round < rounds; round++) {
      for (int m = 0; m < modes.length; m++) {
        List<SpeedFigures> f = forkRuntime(
            model, KernelMode.valueOf(modes[m].strip()).name(), promptTokens, decodeTokens);
        SpeedFigures best = timed(f);
        if (best == null) {
          throw new IllegalStateException("no figures for kernel mode " + modes[m]);
        }
        ourRounds.get(m).add(best);
        if (round == 0) {
          f.stream().filter(SpeedFigures::firstRun).forEach(firstRuns::add);
        }
      }
      List<SpeedFigures> p = forkLlamaCpp(model, threads, promptTokens, decodeTokens);
      SpeedFigures peer = timed(p);
      if (peer != null) {
        peerRounds.add(peer);
        if (round == 0) {
          p.stream().filter(SpeedFigures::firstRun).forEach(firstRuns::add);
        }
      }
    }
    List<SpeedFigures> ourRows = ourRounds.stream().map(SpeedFigures::best).toList();
    SpeedFigures ours = ourRows.get(0);
    SpeedFigures peer = peerRounds.isEmpty() ? null : SpeedFigures.best(peerRounds);

    double limit = bandwidth / bytesPerToken;
    Locale r = Locale.ROOT;
    System.out.printf(r, "file: %s, threads: %d%n", model.getFileName(), threads);
    System.out.printf(
        r,
        "memory bandwidth (%d threads, streaming read): %.2f GB/s; weight bytes per decoded token:"
            + " %.3f GB; decode limit: %.2f tokens/s%n%n",
        threads, bandwidth / 1e9, bytesPerToken / 1e9, limit);
    System.out.println(
        "| engine | prompt tokens | prompt tok/s | decode tok/s (batch 1) | of bandwidth limit |");
    System.out.println("|---|---|---|---|---|");
    List<SpeedFigures> rows = new ArrayList<>(ourRows);
    if (peer != null) {
      rows.add(peer);
    }
    for (SpeedFigures f : rows) {
      System.out.printf(
          r,
          "| %s | %d | %.2f | %.2f | %.0f%% |%n",
          f.engine(), f.promptTokens(), f.promptTokensPerSecond(), f.decodeTokensPerSecond(),
          100 * f.decodeTokensPerSecond() / limit);
    }
    StringBuilder first = new StringBuilder();
    for (SpeedFigures f : firstRuns) {
      first.append(String.format(r, "%s%s %.2f / %.2f", first.isEmpty() ? "" : "; ",
          f.engine().substring(0, f.engine().length() - SpeedFigures.FIRST_RUN.length()),
          f.promptTokensPerSecond(), f.decodeTokensPerSecond()));
    }
    System.out.printf(r, "%nfirst run after load, untimed (prompt / decode tok/s; the JIT still"
        + " compiling infer4j's): %s%n", first);
    if (peer != null) {
      System.out.printf(
          r,
          "%ninfer4j / llama.cpp: decode %.2fx, prompt %.2fx%n",
          ours.decodeTokensPerSecond() / peer.decodeTokensPerSecond(),
          ours.promptTokensPerSecond() / peer.promptTokensPerSecond());
    }
    if (rounds > 1 && peerRounds.size() == rounds) {
      double[] decode = new double[rounds];
      double[] prompt = new double[rounds];
      StringBuilder each = new StringBuilder();
      for (int i = 0; i < rounds; i++) {
        SpeedFigures a = ourRounds.get(0).get(i);
        SpeedFigures b = peerRounds.get(i);
        decode[i] = a.decodeTokensPerSecond() / b.decodeTokensPerSecond();
        prompt[i] = a.promptTokensPerSecond() / b.promptTokensPerSecond();
        each.append(String.format(r, "%s%.2fx / %.2fx", i == 0 ? "" : ", ", decode[i], prompt[i]));
      }
      System.out.printf(r, "rounds (decode / prompt, each against the llama.cpp run after it):"
          + " %s; median decode %.2fx, prompt %.2fx%n", each, median(decode), median(prompt));
    }
  }

  /** The middle value of {@code v} (the mean of the two middle ones for an even count). */
  static double median(double[] v) {
    double[] sorted = v.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** A text of at least {@code tokens} tokens as {@code counter} counts them. */
  static String promptText(int tokens, ToIntFunction<String> counter) {
    String sentence = "The quick brown fox jumps over the lazy dog near the river bank. ";
    StringBuilder sb = new StringBuilder();
    while (counter.applyAsInt(sb.toString()) < tokens) {
      sb.append(sentence);
    }
    // trim words back while still at least the wanted count
    String text = sb.toString().trim();
    while (true) {
      int cut = text.lastIndexOf(' ');
      if (cut < 0 || counter.applyAsInt(text.substring(0, cut)) < tokens) {
        return text;
      }
      text = text.substring(0, cut);
    }
  }

  /** Bytes of every weight read for one decoded token: all tensors but one embedding row. */
  static long weightBytesPerToken(Path model) {
    try (GgufFile f = GgufFile.open(model)) {
      long sum = 0;
      for (GgufTensorInfo t : f.tensors().values()) {
        sum += t.name().equals("token_embd.weight") ? t.byteSize() / t.dims()[1] : t.byteSize();
      }
      if (f.tensorInfo("output.weight").isEmpty()) { // tied: the classifier reads the embedding
        sum += f.tensorInfo("token_embd.weight").orElseThrow().byteSize();
      }
      return sum;
    }
  }

  /** The timed (best) figures among a probe's lines, or {@code null} if it gave none. */
  private static SpeedFigures timed(List<SpeedFigures> lines) {
    return lines.stream().filter(f -> !f.firstRun()).reduce((a, b) -> b).orElse(null);
  }

  /** One kernel mode's figures from a forked {@link RuntimeProbe} (none if it gave none). */
  private static List<SpeedFigures> forkRuntime(Path model, String mode, int prompt, int decode)
      throws Exception {
    List<String> jvm = new ArrayList<>(List.of(
        "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("infer4j.")) { // kernel switches, thread count
        jvm.add("-D" + key + "=" + System.getProperty(key));
      }
    }
    List<String> lines = ForkedJvm.lines(RuntimeProbe.class, jvm, List.of(model.toString(), mode,
        Integer.toString(prompt), Integer.toString(decode)), SpeedFigures.PREFIX, PROBE_TIMEOUT_S);
    return lines.stream().map(SpeedFigures::parse).toList();
  }

  /** llama.cpp's figures from a forked {@link LlamaCppProbe} (none if it gave none). */
  private static List<SpeedFigures> forkLlamaCpp(Path model, int threads, int prompt, int decode)
      throws Exception {
    List<String> lines = ForkedJvm.lines(LlamaCppProbe.class, List.of(model.toString(),
        Integer.toString(threads), Integer.toString(prompt), Integer.toString(decode)),
        SpeedFigures.PREFIX, PROBE_TIMEOUT_S);
    return lines.stream().map(SpeedFigures::parse).toList();
  }
}
