package io.infer4j.runtime.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.KernelMode;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.ModelOptions;
import io.infer4j.runtime.testing.EmbeddedModelFile;
import io.infer4j.runtime.tools.LlamaShape;
import io.infer4j.runtime.tools.SyntheticGguf;
import io.infer4j.runtime.tools.SyntheticType;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under llama.cpp's arithmetic ({@link KernelMode#GGML}, what {@code kernels=auto} runs on
 * quantized files) a served answer, whose prompt the serving path feeds in runs of 32 tokens and
 * then its last token alone, is the answer {@link io.infer4j.runtime.Generator} gives with the
 * prompt fed whole, as llama.cpp evaluates it (and as {@code QuantAgreement} matches llama.cpp's
 * tokens): ggml's products of quantized weights give a token the same bits in any batch. The
 * embedded model, and synthetic files with 64-wide heads written with its vocabulary: no shared
 * file needed.
 */
class GgmlServedPromptTest {
  private static final String PROMPT = "Once upon a time, there was a little girl named Lily. She"
      + " loved to play outside in the park with her friends. One day, she saw a big red ball under"
      + " a tree. She ran to get it, but a dog came and took it away. Lily was sad and";

  @TempDir Path dir;

  private Path embedded() {
    return EmbeddedModelFile.in(dir);
  }

  private Path file(String type) {
    if (type.equals("embedded")) {
      return embedded();
    }
    Path out = dir.resolve(type + ".gguf");
    SyntheticGguf.write(out, embedded(), new LlamaShape(256, 2, 4, 2, 512, 512),
        SyntheticType.valueOf(type), 11);
    return out;
  }

  private static LlamaModel ggml(Path file) {
    return LlamaModel.load(file,
        ModelOptions.defaults().withContextLength(512).withKernels(KernelMode.GGML));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "Q8_0", "Q4_K", "Q6_K"})
  void aServedAnswerIsTheAnswerOfThePromptFedWhole(String type) {
    Path file = file(type);
    String expected;
    try (LlamaModel model = ggml(file)) {
      expected = ServingModelTest.generatorText(model, PROMPT, 64);
    }
    assertTrue(expected.length() > 64, () -> "an answer of 64 tokens, not: " + expected);
    try (ServingModel served = ServingModel.of(type, ggml(file))) {
      assertEquals(expected,
          ServingModelTest.serve(served, ServingModelTest.greedy(PROMPT, 64)).text());
    }
  }
}
