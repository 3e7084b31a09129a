package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.infer4j.runtime.testing.SharedFiles;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelMode#GGML} against llama.cpp's recorded greedy ids with its default F16 KV cache,
 * on the Q8_0 file (int8 activations, F16 {@code ffn_down}) and the F32 one (tinyBLAS and
 * vec_dot float orders), through the public {@link Generator}: it feeds the prompt as one batch
 * in this mode, as llama.cpp does (tinyBLAS for its products), then one token a step ({@code
 * vec_dot}). QuantAgreement measures longer runs (benchmarks/README.md).
 */
class GgmlKernelsGenerationTest {
  private static final String ONCE = "Once upon a time";

  private static int[] run(String file) {
    try (LlamaModel model = LlamaModel.load(SharedFiles.model(file),
        ModelOptions.defaults().withContextLength(512).withKernels(KernelMode.GGML))) {
      return GoldenGenerationTest.runLikeRunc(model, ONCE, 64, Samplers.greedy()).ids();
    }
  }

  @Test
  void q8GgufMatchesLlamaCppWithItsF16Cache() {
    assertArrayEquals(
        SharedFiles.goldenIds("llamacpp/stories260K-q8_0__once__n64.kvf16.ids.txt"),
        run("stories260K-q8_0.gguf"));
  }

  @Test
  void f32GgufMatchesLlamaCppWithItsF16Cache() {
    assertArrayEquals(
        SharedFiles.goldenIds("llamacpp/stories260K-f32__once__n64.kvf16.ids.txt"),
        run("stories260K-f32.gguf"));
  }
}
