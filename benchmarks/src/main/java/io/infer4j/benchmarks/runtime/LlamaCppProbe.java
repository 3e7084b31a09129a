package io.infer4j.benchmarks.runtime;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;

/**
 * Measures llama.cpp (through de.kherud:llama) on one GGUF file and prints one {@link
 * SpeedFigures} line, then exits without closing the model (its {@code close()} can hang). Run in
 * a forked JVM by {@link RuntimeSpeed}.
 *
 * <p>Arguments: {@code MODEL THREADS PROMPT_TOKENS DECODE_TOKENS}. Greedy, EOS ignored, prompt
 * cache off. The prompt rate is the prompt length over the time to the first token less one
 * decode step; the decode rate counts the tokens after the first.
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
    run(llama, prompt, 4); // warm-up
    double[] best = {0, 0};
    for (int rep = 0; rep < 2; rep++) {
      double[] r = run(llama, prompt, decodeTokens);
      best[0] = Math.max(best[0], encoded / r[0]);
      best[1] = Math.max(best[1], r[1]);
    }
    System.out.println(
        new SpeedFigures("llama.cpp", encoded, best[0], decodeTokens, best[1]).toLine());
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
