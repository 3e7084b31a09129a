package io.infer4j.benchmarks.runtime;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.CacheType;
import de.kherud.llama.args.LogFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Greedy completions of llama.cpp (through de.kherud:llama) for {@link QuantAgreement}: for each
 * prompt one line {@code GREEDY <base64 prompt> <base64 completion>}, then exits without closing
 * the model (its {@code close()} can hang). Run in a forked JVM.
 *
 * <p>Arguments: {@code MODEL TOKENS PROMPT...}. Temperature 0, EOS ignored, prompt cache off. The
 * KV cache is llama.cpp's default (F16) unless the environment variable {@code
 * INFER4J_LLAMACPP_KV} names another type ({@code F32}).
 */
public final class LlamaCppGreedy {
  static final String PREFIX = "GREEDY ";

  private LlamaCppGreedy() {}

  public static void main(String[] args) {
    int tokens = Integer.parseInt(args[1]);
    LlamaModel.setLogger(LogFormat.TEXT, (level, msg) -> {});
    ModelParameters parameters =
        new ModelParameters().setModel(args[0]).setThreads(2).setCtxSize(512).setGpuLayers(0);
    String kv = System.getenv("INFER4J_LLAMACPP_KV");
    if (kv != null) {
      CacheType type = CacheType.valueOf(kv);
      parameters.setCacheTypeK(type).setCacheTypeV(type);
    }
    LlamaModel llama = new LlamaModel(parameters);
    Base64.Encoder b64 = Base64.getEncoder();
    for (int i = 2; i < args.length; i++) {
      InferenceParameters p = new InferenceParameters(args[i])
          .setNPredict(tokens)
          .setTemperature(0f)
          .setIgnoreEos(true)
          .setCachePrompt(false);
      StringBuilder text = new StringBuilder();
      for (LlamaOutput out : llama.generate(p)) {
        text.append(out.text);
      }
      System.out.println(PREFIX + b64.encodeToString(args[i].getBytes(StandardCharsets.UTF_8))
          + " " + b64.encodeToString(text.toString().getBytes(StandardCharsets.UTF_8)));
    }
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
