package io.infer4j.runtime.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.Sampler;
import io.infer4j.runtime.Samplers;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.kernels.Kernels;
import io.infer4j.runtime.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batched prompt processing with the fast kernels gives the reference pass's logits (within 1e-3,
 * float rounding: on stories260K logits differ by about 3e-5) and the same greedy continuation,
 * for batches that do and do not divide the prompt.
 */
class BatchedLlamaForwardTest {
  private static final Sampler GREEDY = Samplers.greedy(); // argmax, the first on ties
  private static final int[] PROMPT = {1, 403, 407, 261, 378, 430, 261, 466, 270, 259, 301, 293, 9,
      280, 292, 402, 308, 260, 269, 43, 11, 284, 304};

  @ParameterizedTest
  @ValueSource(strings = {"stories260K-f32.gguf", "stories260K-f16.gguf", "stories260K-q8_0.gguf"})
  void batchedPromptAndDecodeMatchTheReferencePass(String name) {
    try (GgufFile file = GgufFile.open(SharedFiles.model(name))) {
      ModelConfig config = GgufLlamaLoader.config(file, 256);
      LlamaWeights weights = GgufLlamaLoader.weights(file, config);
      for (int maxBatch : new int[] {1, 5, 64}) {
        LlamaForward reference = new LlamaForward(config, weights, Kernels.reference());
        BatchedLlamaForward fast = new BatchedLlamaForward(config, weights, Kernels.vector(), maxBatch);
        float[] expected = null;
        for (int p = 0; p < PROMPT.length; p++) {
          expected = reference.forward(PROMPT[p], p);
        }
        float[] actual = fast.forward(PROMPT, 0);
        assertArrayEquals(expected, actual, 1e-3f, name + " prompt, batches of " + maxBatch);
        int pos = PROMPT.length;
        for (int step = 0; step < 40; step++, pos++) {
          int want = GREEDY.sample(expected);
          assertEquals(want, GREEDY.sample(actual), name + " greedy token " + step);
          expected = reference.forward(want, pos);
          actual = fast.forward(new int[] {want}, pos);
          assertArrayEquals(expected, actual, 1e-3f, name + " decode step " + step);
        }
      }
    }
  }

  /**
   * A decode step splits its attention over the heads (on the row pool's threads, each head with
   * its own scores): with the same kernels it must give the single-token pass's logits bit for
   * bit, at each of 200 positions.
   */
  @Test
  void decodeStepsWithHeadsInParallelEqualTheSerialPassBitForBit() {
    try (GgufFile file = GgufFile.open(SharedFiles.model("stories260K-f32.gguf"))) {
      ModelConfig config = GgufLlamaLoader.config(file, 256);
      LlamaWeights weights = GgufLlamaLoader.weights(file, config);
      LlamaForward serial = new LlamaForward(config, weights, Kernels.vector());
      BatchedLlamaForward decode = new BatchedLlamaForward(config, weights, Kernels.vector(), 1);
      int token = 1;
      for (int pos = 0; pos < 200; pos++) {
        float[] expected = serial.forward(token, pos);
        float[] actual = decode.forward(new int[] {token}, pos);
        assertArrayEquals(expected, actual, 0f, "position " + pos);
        token = GREEDY.sample(expected);
      }
    }
  }
}
