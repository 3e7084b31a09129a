package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.testing.SharedFiles;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * How far the F16 and Q8_0 conversions follow the recorded ids. Weights are dequantized to float32
 * row by row and multiplied in float32, so F16 follows run.c exactly; Q8_0 (where llama.cpp also
 * quantizes activations) follows llama.cpp's recorded 64 steps, then drifts from run.c's F32 run.
 */
class QuantizedGgufGenerationTest {
  private static final String ONCE = "Once upon a time";

  private static LlamaModel load(String file) {
    return LlamaModel.load(SharedFiles.model(file), ModelOptions.defaults().withContextLength(512));
  }

  @Test
  void f16GgufFollowsRuncForAll256Steps() {
    try (LlamaModel model = load("stories260K-f16.gguf")) {
      var run = GoldenGenerationTest.runLikeRunc(model, ONCE, 256, Samplers.greedy());
      assertArrayEquals(SharedFiles.goldenIds("runc/stories260K__once__n256.ids.txt"), run.ids());
    }
  }

  @Test
  void q8GgufMatchesLlamaCppQ8IdsFor64Steps() {
    try (LlamaModel model = load("stories260K-q8_0.gguf")) {
      var run = GoldenGenerationTest.runLikeRunc(model, ONCE, 64, Samplers.greedy());
      assertArrayEquals(
          SharedFiles.goldenIds("llamacpp/stories260K-q8_0__once__n64.kvf32.ids.txt"), run.ids());
      assertArrayEquals(
          SharedFiles.goldenIds("llamacpp/stories260K-q8_0__once__n64.kvf16.ids.txt"), run.ids());
    }
  }

  @Test
  void q8GgufWithInt8ActivationsMatchesLlamaCppQ8IdsFor64Steps() {
    try (LlamaModel model = LlamaModel.load(SharedFiles.model("stories260K-q8_0.gguf"),
        ModelOptions.defaults().withContextLength(512).withKernels(KernelMode.VECTOR_INT8))) {
      var run = GoldenGenerationTest.runLikeRunc(model, ONCE, 64, Samplers.greedy());
      assertArrayEquals(
          SharedFiles.goldenIds("llamacpp/stories260K-q8_0__once__n64.kvf32.ids.txt"), run.ids());
      assertArrayEquals(
          SharedFiles.goldenIds("llamacpp/stories260K-q8_0__once__n64.kvf16.ids.txt"), run.ids());
    }
  }

  @Test
  void q8GgufFollowsTheF32RunForItsFirst115Ids() {
    try (LlamaModel model = load("stories260K-q8_0.gguf")) {
      int[] ids = GoldenGenerationTest.runLikeRunc(model, ONCE, 256, Samplers.greedy()).ids();
      int[] golden = SharedFiles.goldenIds("runc/stories260K__once__n256.ids.txt");
      assertArrayEquals(Arrays.copyOf(golden, 115), Arrays.copyOf(ids, 115));
      assertEquals(
          false, Arrays.equals(golden, ids), "8-bit weights are expected to drift eventually");
    }
  }
}
