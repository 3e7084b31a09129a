package io.infer4j.benchmarks.runtime;

import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.Sampler;
import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks this runtime's decoding of GGML weight types against llama.cpp's. For each {@code FILE}
 * (typically a {@code SyntheticGguf} file of one type) and its optional {@code TWIN} (the same
 * weights written as the F32 values this runtime decodes them to: {@code SyntheticGguf ...
 * TYPE-as-F32}), greedy completions of a few prompts are compared:
 *
 * <ul>
 *   <li>ours on FILE against llama.cpp on FILE: tokens that agree before the first difference;
 *   <li>llama.cpp on FILE against llama.cpp on TWIN: characters in common. If this runtime decoded
 *       the type differently from llama.cpp, llama.cpp would run different weights in the two
 *       files and part at once; with the same decoding only llama.cpp's own rounding
 *       (activations quantized for its quantized dot products) separates them.
 * </ul>
 *
 * <p>Arguments: {@code TOKENS FILE[=TWIN]...}. Prints a Markdown table. The system property
 * {@code kernels} ({@code AUTO} by default, the backends' default) names the kernel modes to
 * compare, comma-separated ({@code -Dkernels=AUTO,VECTOR_INT8}: one column of ours each). The
 * system property {@code prompts}, when set, replaces the six prompts ({@code
 * -Dprompts='first|second'}, split on {@code |}).
 */
public final class QuantAgreement {
  private static final List<String> PROMPTS = System.getProperty("prompts") != null
      ? List.of(System.getProperty("prompts").split("\\|"))
      : List.of("Once upon a time", "The capital of France is", "1, 2, 3, 4,", "def main():",
          "Dear Sir or Madam,", "In 1969 the first");
  private static final long TIMEOUT_S = 300;

  private QuantAgreement() {}

  public static void main(String[] args) throws Exception {
    int tokens = Integer.parseInt(args[0]);
    List<KernelMode> modes = java.util.Arrays.stream(System.getProperty("kernels", "AUTO").split(","))
        .map(String::strip).map(KernelMode::valueOf).toList();
    StringBuilder head = new StringBuilder("| file | prompt |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (KernelMode m : modes) {
      head.append(" ours (").append(m).append(") vs llama.cpp (tokens of ").append(tokens).append(") |");
      rule.append("---:|");
    }
    System.out.println(head + " llama.cpp on file vs on F32 twin (characters in common / length) |");
    System.out.println(rule + "---:|");
    for (int f = 1; f < args.length; f++) {
      String[] pair = args[f].split("=", 2);
      Path file = Path.of(pair[0]);
      Map<String, String> peer = forkLlamaCpp(file, tokens);
      Map<String, String> twin = pair.length > 1 ? forkLlamaCpp(Path.of(pair[1]), tokens) : Map.of();
      Map<String, StringBuilder> ours = new LinkedHashMap<>();
      for (KernelMode mode : modes) {
        try (LlamaModel model = LlamaModel.load(
            file, ModelOptions.defaults().withKernels(mode).withContextLength(512))) {
          for (String prompt : PROMPTS) {
            String agree = agreeing(model, prompt, tokens, peer.getOrDefault(prompt, ""));
            ours.computeIfAbsent(prompt, p -> new StringBuilder()).append(" ").append(agree).append(" |");
          }
        }
      }
      {
        for (String prompt : PROMPTS) {
          String theirs = peer.getOrDefault(prompt, "");
          String twinColumn = "";
          if (twin.containsKey(prompt)) {
            String other = twin.get(prompt);
            twinColumn = commonPrefix(theirs, other) + " / " + Math.max(theirs.length(), other.length());
          }
          System.out.println("| " + file.getFileName() + " | `" + prompt + "` |" + ours.get(prompt)
              + " " + twinColumn + " |");
        }
      }
    }
  }

  private static int commonPrefix(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n;
  }

  /**
   * Generated tokens of ours whose text, appended in turn, stays a prefix of llama.cpp's; where
   * they part before {@code tokens}, followed by our top-two logit gap at the first token that
   * parts ({@code "17 (gap 0.0012)"}): a gap near float rounding points to a last-bit difference, a
   * large one to a real difference upstream.
   */
  private static String agreeing(LlamaModel model, String prompt, int tokens, String theirs) {
    int[] ids = model.tokenizer().encodePrompt(prompt);
    Session s = model.newSession();
    Sampler greedy = Samplers.greedy();
    float[] logits = s.forward(ids, 0, ids.length);
    // Our text is built piece by piece, as llama.cpp's server streams it (common_token_to_piece per
    // token): decoding the whole run instead would drop the space of a word after a generated BOS,
    // which llama.cpp keeps.
    StringBuilder ours = new StringBuilder();
    int agree = 0;
    for (int i = 0; i < tokens; i++) {
      int next = greedy.sample(logits);
      ours.append(model.tokenizer().decode(new int[] {next}));
      if (!theirs.startsWith(ours.toString())) {
        return agree + String.format(java.util.Locale.ROOT, " (gap %.2g)", topTwoGap(logits));
      }
      agree++;
      logits = s.forward(next);
    }
    return Integer.toString(agree);
  }

  /** The largest logit less the second largest. */
  private static float topTwoGap(float[] logits) {
    float first = Float.NEGATIVE_INFINITY;
    float second = Float.NEGATIVE_INFINITY;
    for (float v : logits) {
      if (v > first) {
        second = first;
        first = v;
      } else if (v > second) {
        second = v;
      }
    }
    return first - second;
  }

  /** Prompt to llama.cpp's greedy completion, from a forked {@link LlamaCppGreedy}. */
  private static Map<String, String> forkLlamaCpp(Path model, int tokens) throws Exception {
    List<String> args = new ArrayList<>(List.of(model.toString(), Integer.toString(tokens)));
    args.addAll(PROMPTS);
    Map<String, String> out = new LinkedHashMap<>();
    Base64.Decoder b64 = Base64.getDecoder();
    for (String line : ForkedJvm.lines(LlamaCppGreedy.class, args, LlamaCppGreedy.PREFIX,
        TIMEOUT_S)) {
      String[] parts = line.substring(LlamaCppGreedy.PREFIX.length()).split(" ", -1);
      out.put(new String(b64.decode(parts[0]), StandardCharsets.UTF_8),
          new String(b64.decode(parts[1]), StandardCharsets.UTF_8));
    }
    return out;
  }
}
