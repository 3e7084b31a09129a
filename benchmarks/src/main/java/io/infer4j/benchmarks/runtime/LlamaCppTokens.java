package io.infer4j.benchmarks.runtime;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.args.LogFormat;
import de.kherud.llama.ModelParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * llama.cpp's token ids (through de.kherud:llama, llama.cpp b4916) for the inputs of {@code .inp}
 * files, in llama.cpp's own test-vector format: inputs each followed by {@code
 * \n__ggml_vocab_test__\n}; printed, one line of ids per input, space-separated, as in an {@code
 * .out} file: no BOS, and special tokens' texts parsed as those tokens (de.kherud's {@code
 * encode}), so inputs with such texts are not llama.cpp's test-vector form. Made the
 * pre-tokenizer vectors in {@code model-runtime/src/test/resources/llamacpp}: the tokenizer of a
 * GGUF file with the GPT-2 vocabulary and {@code tokenizer.ggml.pre = qwen2}, or without the key
 * (llama.cpp's default).
 *
 * <p>Arguments: {@code MODEL INP...}. Exits without closing the model (its {@code close()} can
 * hang).
 */
public final class LlamaCppTokens {
  private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

  private LlamaCppTokens() {}

  public static void main(String[] args) throws Exception {
    java.io.PrintStream out = System.out;
    System.setOut(System.err); // the library's load messages, off the ids
    LlamaModel.setLogger(LogFormat.TEXT, (level, msg) -> {});
    LlamaModel llama = new LlamaModel(
        new ModelParameters().setModel(args[0]).setThreads(2).setCtxSize(512).setGpuLayers(0));
    System.setOut(out);
    for (int f = 1; f < args.length; f++) {
      String all = Files.readString(Path.of(args[f]), StandardCharsets.UTF_8);
      int start = 0;
      for (int at = all.indexOf(SEPARATOR); at >= 0; at = all.indexOf(SEPARATOR, start)) {
        int[] ids = llama.encode(all.substring(start, at));
        System.out.println(
            Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        start = at + SEPARATOR.length();
      }
    }
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
