package io.infer4j.runtime.internal.ggml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.model.GgufLlamaLoader;
import io.infer4j.runtime.internal.model.LlamaWeights;
import io.infer4j.runtime.internal.tensor.LaneGroupedTensor;
import io.infer4j.runtime.testing.SharedFiles;
import io.infer4j.runtime.tools.LlamaShape;
import io.infer4j.runtime.tools.SyntheticGguf;
import io.infer4j.runtime.tools.SyntheticType;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A whole model through llama.cpp's arithmetic ({@link GgmlLlamaForward}) gives the same logits,
 * bit for bit, with its Q8_0 and K-quant matrices regrouped in vector lanes ({@link
 * Int8Matmul#prepare}) as with the file's rows: a prompt as one ubatch, then decode steps.
 * The vocabulary (512 tokens) comes from the shared stories260K GGUF.
 */
class LaneGroupedModelTest {
  private static final LlamaShape SHAPE = new LlamaShape(256, 2, 4, 2, 512, 64);
  private static final int[] PROMPT = {1, 403, 261, 13, 500, 77, 2, 300, 45};

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(names = {"Q8_0", "Q4_K", "Q5_K", "Q6_K"})
  void regroupedMatricesGiveTheFileRowsLogits(SyntheticType type) {
    assumeTrue(WideLanes.NATIVE && VectorChoice.ENABLED && Int8Matmul.REGROUP,
        "the lane kernels need native 512-bit Vector API lanes");
    Path file = dir.resolve(type + ".gguf");
    SyntheticGguf.write(file, SharedFiles.model("stories260K-f32.gguf"), SHAPE, type, 9, false);
    try (GgufFile gguf = GgufFile.open(file); Arena arena = Arena.ofShared()) {
      ModelConfig config = GgufLlamaLoader.config(gguf, 64);
      LlamaWeights weights = GgufLlamaLoader.weights(gguf, config);
      LlamaWeights lanes = Int8Matmul.prepare(weights, arena);
      assertNotSame(weights, lanes);
      assertInstanceOf(LaneGroupedTensor.class, lanes.layers().get(0).wq());
      GgmlLlamaForward rows = new GgmlLlamaForward(config, weights);
      GgmlLlamaForward grouped = new GgmlLlamaForward(config, lanes);
      float[] expected = rows.forward(PROMPT, 0).clone();
      float[] actual = grouped.forward(PROMPT, 0).clone();
      assertArrayEquals(expected, actual, 0f, type + " prompt");
      for (int step = 0; step < 6; step++) {
        int token = 3 + 41 * step;
        expected = rows.forward(new int[] {token}, PROMPT.length + step).clone();
        actual = grouped.forward(new int[] {token}, PROMPT.length + step).clone();
        assertArrayEquals(expected, actual, 0f, type + " decode step " + step);
      }
    }
  }
}
