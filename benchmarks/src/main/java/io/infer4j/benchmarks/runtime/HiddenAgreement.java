package io.infer4j.benchmarks.runtime;

import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import de.kherud.llama.args.PoolingType;
import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Bit-level agreement with llama.cpp of the final hidden state, where {@link QuantAgreement} only
 * sees tokens. de.kherud:llama 4.2.0 cannot return llama.cpp's logits (an {@code n_probs} request
 * aborts in its JNI code), but with embeddings on and {@code LAST} pooling it returns the last
 * token's final-rmsnorm output, L2-normalized ({@code common_embd_normalize}: a double sum of
 * float squares, then each value times {@code (float) (1 / sqrt(sum))}). For growing prefixes of
 * our greedy continuation of a prompt, each prefix is evaluated as one ubatch by both, and the
 * table gives how many of the {@code dim} normalized values are bit-equal and the largest
 * difference. Prefixes are re-tokenized from text by both (the ids are checked equal).
 *
 * <p>Only the prompt path (one ubatch) is compared, and in llama.cpp's embedding mode the last
 * layer keeps every token (no {@code inp_out_ids}); for the last token that changes nothing where
 * the last layer's products take the same arithmetic for one token as for many (Q8_0 and the
 * other block types; F16 and F32 products with {@code k % 8 != 0}).
 *
 * <p>Arguments: {@code MODEL PROMPT GENERATED_TOKENS,...}, {@code -Dkernels=GGML} (default) picks
 * our mode. Context 512, 2 threads, llama.cpp's default F16 KV cache; exits without closing
 * llama.cpp.
 */
public final class HiddenAgreement {
  private HiddenAgreement() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String prompt = args[1];
    int[] lengths = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
    KernelMode mode = KernelMode.valueOf(System.getProperty("kernels", "GGML"));
    try (LlamaModel model = LlamaModel.load(
        file, ModelOptions.defaults().withKernels(mode).withContextLength(512))) {
      List<String> prefixes = greedyPrefixes(model, prompt, Arrays.stream(lengths).max().orElse(0));
      de.kherud.llama.LlamaModel.setLogger(LogFormat.TEXT, (level, msg) -> {});
      de.kherud.llama.LlamaModel llama = new de.kherud.llama.LlamaModel(new ModelParameters()
          .setModel(file.toString()).setCtxSize(512).setGpuLayers(0).setThreads(2)
          .enableEmbedding().setPoolingType(PoolingType.LAST));
      System.out.println("| generated tokens | sequence length | same ids | values bit-equal | largest difference |");
      System.out.println("|---:|---:|---|---:|---:|");
      for (int k : lengths) {
        String text = prefixes.get(k);
        int[] ours = model.tokenizer().encodePrompt(text);
        // de.kherud's encode: no BOS or EOS, special tokens' texts parsed
        boolean sameIds = Arrays.equals(model.tokenizer().encodeWithSpecialTokens(text, false,
            false), llama.encode(text));
        float[] theirs = llama.embed(text);
        Session s = model.newSession();
        s.forward(ours, 0, ours.length);
        float[] h = normalized(s.hidden());
        int equal = 0;
        double largest = 0;
        for (int i = 0; i < h.length; i++) {
          equal += Float.floatToRawIntBits(h[i]) == Float.floatToRawIntBits(theirs[i]) ? 1 : 0;
          largest = Math.max(largest, Math.abs(h[i] - theirs[i]));
        }
        System.out.printf(Locale.ROOT, "| %d | %d | %s | %d of %d | %.3g |%n", k, ours.length,
            sameIds ? "yes" : "no", equal, h.length, largest);
      }
    }
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }

  /** The prompt followed by its first {@code k} greedy tokens (as text), for {@code k <= max}. */
  private static List<String> greedyPrefixes(LlamaModel model, String prompt, int max) {
    int[] ids = model.tokenizer().encodePrompt(prompt);
    Session s = model.newSession();
    float[] logits = s.forward(ids, 0, ids.length);
    StringBuilder text = new StringBuilder(prompt);
    List<String> out = new ArrayList<>(List.of(prompt));
    for (int i = 0; i < max; i++) {
      int best = 0;
      for (int j = 1; j < logits.length; j++) {
        if (logits[j] > logits[best]) {
          best = j;
        }
      }
      text.append(model.tokenizer().decode(new int[] {best}));
      out.add(text.toString());
      logits = s.forward(best);
    }
    return out;
  }

  /** {@code common_embd_normalize} with {@code embd_normalize = 2} (Euclidean). */
  private static float[] normalized(float[] h) {
    double sum = 0.0;
    for (float v : h) {
      sum += v * v;
    }
    sum = Math.sqrt(sum);
    float norm = sum > 0.0 ? (float) (1.0 / sum) : 0f;
    float[] out = new float[h.length];
    for (int i = 0; i < h.length; i++) {
      out[i] = h[i] * norm;
    }
    return out;
  }
}
