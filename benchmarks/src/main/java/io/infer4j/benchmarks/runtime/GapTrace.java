package io.infer4j.benchmarks.runtime;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a greedy run of ours parts from llama.cpp's, step by step: at each generated token,
 * llama.cpp's top-two logit gap ({@code ln(p1 / p2)} of the two most probable tokens its server
 * reports with {@code n_probs = 2}, softmax of the raw logits) next to ours ({@code top1 - top2}),
 * and their difference. Equal arithmetic gives equal gaps (to the float resolution of the
 * reported probabilities, about 1e-6); a difference that appears at one step and stays tells
 * where the runs' numbers part, and a parting token whose gaps are both near zero is a near tie
 * that a last-bit difference tipped.
 *
 * <p>Arguments: {@code MODEL TOKENS PROMPT}; {@code -Dkernels=GGML} (default) picks our mode.
 * llama.cpp in this JVM (context 512, 2 threads, its default F16 KV cache, as {@link
 * LlamaCppGreedy}); exits without closing it.
 */
public final class GapTrace {
  private GapTrace() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int tokens = Integer.parseInt(args[1]);
    String prompt = args[2];
    KernelMode mode = KernelMode.valueOf(System.getProperty("kernels", "GGML"));
    de.kherud.llama.LlamaModel.setLogger(LogFormat.TEXT, (level, msg) -> {});
    de.kherud.llama.LlamaModel llama = new de.kherud.llama.LlamaModel(new ModelParameters()
        .setModel(file.toString()).setThreads(2).setCtxSize(512).setGpuLayers(0));
    List<String> theirText = new ArrayList<>();
    List<Double> theirGap = new ArrayList<>();
    for (LlamaOutput out : llama.generate(new InferenceParameters(prompt).setNPredict(tokens)
        .setTemperature(0f).setIgnoreEos(true).setCachePrompt(false).setNProbs(2))) {
      theirText.add(out.text);
      theirGap.add(gap(out.probabilities));
    }
    try (LlamaModel model = LlamaModel.load(
        file, ModelOptions.defaults().withKernels(mode).withContextLength(512))) {
      int[] ids = model.tokenizer().encode(prompt, true, false);
      Session s = model.newSession();
      float[] logits = s.forward(ids, 0, ids.length);
      System.out.println("| step | llama.cpp token | llama.cpp gap | our token | our gap | gap difference |");
      System.out.println("|---:|---|---:|---|---:|---:|");
      for (int i = 0; i < tokens && i < theirText.size(); i++) {
        int[] top = topTwo(logits);
        String ours = model.tokenizer().decode(new int[] {top[0]});
        double g = logits[top[0]] - logits[top[1]];
        System.out.printf(Locale.ROOT, "| %d | `%s` | %.6f | `%s` | %.6f | %.1e |%n", i,
            theirText.get(i).replace("\n", "\\n"), theirGap.get(i), ours.replace("\n", "\\n"), g,
            Math.abs(g - theirGap.get(i)));
        if (!ours.equals(theirText.get(i))) {
          break;
        }
        logits = s.forward(top[0]);
      }
    }
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }

  /** {@code ln(p1 / p2)} of the two largest probabilities, NaN when fewer than two. */
  private static double gap(Map<String, Float> probs) {
    double[] p = probs.values().stream().mapToDouble(Float::doubleValue).sorted().toArray();
    return p.length < 2 ? Double.NaN : Math.log(p[p.length - 1] / p[p.length - 2]);
  }

  private static int[] topTwo(float[] logits) {
    int first = 0;
    int second = -1;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[first]) {
        second = first;
        first = i;
      } else if (second < 0 || logits[i] > logits[second]) {
        second = i;
      }
    }
    return new int[] {first, second};
  }
}
