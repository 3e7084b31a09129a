package io.infer4j.benchmarks.runtime;

import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.Sampler;
import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures this runtime in one kernel mode on one GGUF file and prints two {@link SpeedFigures}
 * lines: the first run after load (engine {@code infer4j/MODE/first-run}, the JIT still compiling),
 * then the best of the timed runs (engine {@code infer4j/MODE}). Run in a forked JVM by {@link
 * RuntimeSpeed}, one per mode.
 *
 * <p>Arguments: {@code MODEL MODE PROMPT_TOKENS DECODE_TOKENS}. A run is the prompt fed as one
 * batch through {@link Session#forward(int[], int, int)}, then greedy decode one token at a time;
 * {@link SpeedFigures#UNTIMED_RUNS} runs warm up, then the best of {@link SpeedFigures#TIMED_RUNS}
 * counts, as {@link LlamaCppProbe} does. Threads: {@code -Dinfer4j.kernel.threads}.
 */
public final class RuntimeProbe {
  private RuntimeProbe() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    KernelMode mode = KernelMode.valueOf(args[1]);
    int promptTokens = Integer.parseInt(args[2]);
    int decodeTokens = Integer.parseInt(args[3]);
    for (SpeedFigures f : measure(file, mode, promptTokens, decodeTokens)) {
      System.out.println(f.toLine());
    }
  }

  /** The first run after load, then the best of the timed runs. */
  static List<SpeedFigures> measure(
      Path file, KernelMode mode, int promptTokens, int decodeTokens) {
    try (LlamaModel model =
        LlamaModel.load(
            file, ModelOptions.defaults().withKernels(mode).withContextLength(1024))) {
      String prompt = RuntimeSpeed.promptText(
          promptTokens, t -> model.tokenizer().encodePrompt(t).length);
      int[] ids = model.tokenizer().encodePrompt(prompt);
      // AUTO names what it chose for this file: "infer4j/AUTO=GGML"
      String engine = "infer4j/" + mode + (mode == model.kernels() ? "" : "=" + model.kernels());
      List<SpeedFigures> runs = new ArrayList<>();
      for (int rep = 0; rep < SpeedFigures.UNTIMED_RUNS + SpeedFigures.TIMED_RUNS; rep++) {
        runs.add(run(model, ids, decodeTokens, engine));
      }
      return List.of(runs.get(0).as(engine + SpeedFigures.FIRST_RUN),
          SpeedFigures.best(runs.subList(SpeedFigures.UNTIMED_RUNS, runs.size())));
    }
  }

  /** One run: the prompt as one batch, then {@code decodeTokens} greedy steps. */
  private static SpeedFigures run(LlamaModel model, int[] ids, int decodeTokens, String engine) {
    Sampler greedy = Samplers.greedy();
    Session s = model.newSession();
    long start = System.nanoTime();
    float[] logits = s.forward(ids, 0, ids.length); // the prompt as one run (batched)
    long prompted = System.nanoTime();
    for (int i = 0; i < decodeTokens; i++) {
      logits = s.forward(greedy.sample(logits));
    }
    long end = System.nanoTime();
    return new SpeedFigures(engine, ids.length, ids.length / ((prompted - start) / 1e9),
        decodeTokens, decodeTokens / ((end - prompted) / 1e9));
  }
}
