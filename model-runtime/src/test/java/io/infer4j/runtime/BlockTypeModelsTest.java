package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.testing.SharedFiles;
import io.infer4j.runtime.tools.LlamaShape;
import io.infer4j.runtime.tools.SyntheticGguf;
import io.infer4j.runtime.tools.SyntheticType;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A whole model stored in each GGML block type (K-quants included: rows of 256) gives, through
 * the public API, the logits of its twin file that stores the same weights as decoded F32 values:
 * exactly on the reference kernels, to float rounding on the vector kernels (token by token and
 * as one batched prompt). The vocabulary (512 tokens) comes from the shared stories260K GGUF.
 */
class BlockTypeModelsTest {
  private static final LlamaShape SHAPE = new LlamaShape(256, 2, 4, 2, 512, 64);
  private static final int[] TOKENS = {1, 403, 261, 13, 500, 77, 2, 300};

  @TempDir Path dir;

  private Path write(SyntheticType type, boolean decoded) {
    Path out = dir.resolve(type + (decoded ? "-f32" : "") + ".gguf");
    SyntheticGguf.write(out, SharedFiles.model("stories260K-f32.gguf"), SHAPE, type, 5, decoded);
    return out;
  }

  private static float[][] logits(Path file, KernelMode mode, boolean batched) {
    try (LlamaModel m = LlamaModel.load(file, ModelOptions.defaults().withKernels(mode))) {
      Session s = m.newSession();
      float[][] out = new float[TOKENS.length][];
      if (batched) {
        out[TOKENS.length - 1] = s.forward(TOKENS, 0, TOKENS.length).clone();
        return new float[][] {out[TOKENS.length - 1]};
      }
      for (int i = 0; i < TOKENS.length; i++) {
        out[i] = s.forward(TOKENS[i]).clone();
      }
      return out;
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
  void aModelInEachBlockTypeGivesTheLogitsOfItsDecodedTwin(SyntheticType type) {
    Path quantized = write(type, false);
    Path twin = write(type, true);

    float[][] q = logits(quantized, KernelMode.REFERENCE, false);
    float[][] f = logits(twin, KernelMode.REFERENCE, false);
    for (int i = 0; i < TOKENS.length; i++) {
      assertArrayEquals(f[i], q[i], 0f, type + " reference kernels, position " + i);
    }
    float spread = 0;
    for (float v : f[TOKENS.length - 1]) {
      spread = Math.max(spread, Math.abs(v));
    }
    assertTrue(spread > 0.1f, "the logits are not degenerate: " + spread);

    float[][] qv = logits(quantized, KernelMode.VECTOR, false);
    for (int i = 0; i < TOKENS.length; i++) {
      assertArrayEquals(f[i], qv[i], 1e-4f * spread, type + " vector kernels, position " + i);
    }
    float[] batched = logits(quantized, KernelMode.VECTOR, true)[0];
    assertArrayEquals(f[TOKENS.length - 1], batched, 1e-4f * spread, type + " batched prompt");
    assertEquals(f[0].length, 512);
  }

  /**
   * {@link KernelMode#VECTOR_INT8} quantizes the activations to 8 bits before each product (as
   * llama.cpp does), so its logits leave the decoded twin's by that rounding, not by float
   * rounding: 1.0% to 1.8% of the largest logit on these files (2026-12-05), bounded here at 3%.
   * A batched prompt of these 8 tokens takes the float batch path on Q4_0, Q8_0 and Q4_K ({@code
   * Int8Matmul.floatBatchFrom}: 8 tokens) and stays within the same bound; on Q5_K and Q6_K (16
   * and 12 tokens) it takes the integer products and gives the last position the logits of
   * token-by-token decoding bit for bit (each row's integer sums are exact, the float steps the
   * same).
   */
  @ParameterizedTest
  @EnumSource(names = {"Q4_0", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
  void int8ActivationsStayNearTheDecodedTwin(SyntheticType type) {
    Path quantized = write(type, false);
    float[][] f = logits(write(type, true), KernelMode.REFERENCE, false);
    float[][] q = logits(quantized, KernelMode.VECTOR_INT8, false);
    float spread = 0;
    for (float v : f[TOKENS.length - 1]) {
      spread = Math.max(spread, Math.abs(v));
    }
    float worst = 0;
    for (int i = 0; i < TOKENS.length; i++) {
      for (int v = 0; v < f[i].length; v++) {
        worst = Math.max(worst, Math.abs(f[i][v] - q[i][v]));
      }
    }
    assertTrue(worst <= 0.03f * spread, type + ": " + worst + " against the twin, of " + spread);
    float[] batched = logits(quantized, KernelMode.VECTOR_INT8, true)[0];
    boolean floatBatch = type == SyntheticType.Q4_0 || type == SyntheticType.Q8_0
        || type == SyntheticType.Q4_K;
    float[] last = f[TOKENS.length - 1];
    float batchedWorst = 0;
    for (int v = 0; v < last.length; v++) {
      batchedWorst = Math.max(batchedWorst, Math.abs(last[v] - batched[v]));
    }
    assertTrue(batchedWorst <= 0.03f * spread,
        type + " batched prompt: " + batchedWorst + " against the twin, of " + spread);
    if (floatBatch) { // the float path's logits, not the integer products' ones
      assertFalse(java.util.Arrays.equals(q[TOKENS.length - 1], batched),
          type + " batched prompt took the integer products");
    } else {
      assertArrayEquals(q[TOKENS.length - 1], batched, 0f, type + " batched prompt");
    }
  }
}
