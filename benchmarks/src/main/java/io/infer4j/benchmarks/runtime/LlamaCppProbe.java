package io.infer4j.benchmarks.runtime;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures llama.cpp (through de.kherud:llama) on one GGUF file and prints two {@link
 * SpeedFigures} lines (its first run after load, engine {@code llama.cpp/first-run}, then the best
 * timed run), then exits without closing the model (its {@code close()} can hang). Run in a forked
 * JVM by {@link RuntimeSpeed}.
 *
 * <p>Arguments: {@code MODEL THREADS PROMPT_TOKENS DECODE_TOKENS}. Greedy, EOS ignored, prompt
 * cache off. The prompt rate is the prompt length over the time to the first token less one
 * decode step; the decode rate counts the tokens after the first. Untimed and timed runs as in
 * {@link RuntimeProbe} ({@link SpeedFigures#UNTIMED_RUNS}, {@link SpeedFigures#TIMED_RUNS}).
 */
public final class LlamaCppProbe {
  private LlamaCppProbe() {}

  public static void main(String[] args) {
    String model = args[0];
    int threads = Integer.parseInt(args[1]);
    int promptTokens = Integer.parseInt(args[2]);
    int decodeTokens = Integer.parseInt(args[3]);
    LlamaModel.setLogger(LogFormat.TEXT, (level, msg) -> {});
    LlamaModel llama =
        new LlamaModel(
            new ModelParameters()
                .setModel(model)
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setCtxSize(1024)
                .setBatchSize(512)
                .setUbatchSize(512)
                .setGpuLayers(0));
    String prompt = RuntimeSpeed.promptText(promptTokens, text -> llama.encode(text).length);
    int encoded = llama.encode(prompt).length;
    List<SpeedFigures> runs = new ArrayList<>();
    for (int rep = 0; rep < SpeedFigures.UNTIMED_RUNS + SpeedFigures.TIMED_RUNS; rep++) {
      double[] r = run(llama, prompt, decodeTokens);
      runs.add(new SpeedFigures("llama.cpp", encoded, encoded / r[0], decodeTokens, r[1]));
    }
    System.out.println(runs.get(0).as("llama.cpp" + SpeedFigures.FIRST_RUN).toLine());
    System.out.println(
        SpeedFigures.best(runs.subList(SpeedFigures.UNTIMED_RUNS, runs.size())).toLine());
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }

  /** {prompt seconds, decode tokens per second} of one greedy run. */
  private static double[] run(LlamaModel llama, String prompt, int n) {
    InferenceParameters p =
        new InferenceParameters(prompt)
            .setNPredict(n)
            .setTemperature(0f)
            .setIgnoreEos(true)
            .setCachePrompt(false);
    long start = System.nanoTime();
    long first = 0;
    long last = 0;
    int outputs = 0;
    for (LlamaOutput out : llama.generate(p)) {
      last = System.nanoTime();
      if (outputs++ == 0) {
        first = last;
      }
    }
    double decodeRate = (outputs - 1) / ((last - first) / 1e9);
    double promptSeconds = (first - start) / 1e9 - 1 / decodeRate;
    return new double[] {promptSeconds, decodeRate};
  }
}
