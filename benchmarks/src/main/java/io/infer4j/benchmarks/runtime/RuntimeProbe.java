package io.infer4j.benchmarks.runtime;

import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.Sampler;
import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.Session;
import java.nio.file.Path;

/**
 * Measures this runtime in one kernel mode on one GGUF file and prints one {@link SpeedFigures}
 * line (engine {@code infer4j/MODE}). Run in a forked JVM by {@link RuntimeSpeed}, one per mode.
 *
 * <p>Arguments: {@code MODEL MODE PROMPT_TOKENS DECODE_TOKENS}. Warm-up of 8 single-token steps,
 * then the best of two runs: the prompt fed as one batch through {@link Session#forward(int[], int,
 * int)}, then greedy decode one token at a time. Threads: {@code -Dinfer4j.kernel.threads}.
 */
public final class RuntimeProbe {
  private RuntimeProbe() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    KernelMode mode = KernelMode.valueOf(args[1]);
    int promptTokens = Integer.parseInt(args[2]);
    int decodeTokens = Integer.parseInt(args[3]);
    System.out.println(measure(file, mode, promptTokens, decodeTokens).toLine());
  }

  static SpeedFigures measure(
      Path file, KernelMode mode, int promptTokens, int decodeTokens) {
    try (LlamaModel model =
        LlamaModel.load(
            file, ModelOptions.defaults().withKernels(mode).withContextLength(1024))) {
      String prompt = RuntimeSpeed.promptText(
          promptTokens, t -> model.tokenizer().encode(t, true, false).length);
      int[] ids = model.tokenizer().encode(prompt, true, false);
      Session warm = model.newSession(); // JIT warm-up
      for (int i = 0; i < 8; i++) {
        warm.forward(ids[i % ids.length]);
      }
      Sampler greedy = Samplers.greedy();
      double bestPrompt = 0;
      double bestDecode = 0;
      for (int rep = 0; rep < 2; rep++) {
        Session s = model.newSession();
        long start = System.nanoTime();
        float[] logits = s.forward(ids, 0, ids.length); // the prompt as one run (batched)
        long prompted = System.nanoTime();
        for (int i = 0; i < decodeTokens; i++) {
          logits = s.forward(greedy.sample(logits));
        }
        long end = System.nanoTime();
        bestPrompt = Math.max(bestPrompt, ids.length / ((prompted - start) / 1e9));
        bestDecode = Math.max(bestDecode, decodeTokens / ((end - prompted) / 1e9));
      }
      return new SpeedFigures(
          "infer4j/" + mode, ids.length, bestPrompt, decodeTokens, bestDecode);
    }
  }

}
