package io.infer4j.runtime.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.RopeScaling;
import io.infer4j.runtime.internal.gguf.GgufFile;
import io.infer4j.runtime.internal.kernels.ReferenceVectorOps;
import io.infer4j.runtime.internal.kernels.RopeTable;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.GgufExtras;
import io.infer4j.runtime.testing.TinyModel;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RoPE a GGUF file asks for reaches the table both forward passes build: one position's
 * rotated query and key equal an independent computation from the values written in the file.
 */
class GgufRopeTest {
  @TempDir Path dir;

  @Test
  void theRotatedQueryAndKeyOfOnePositionFollowTheFilesBaseLinearFactorAndPairFactors() {
    float[] factors = {1f, 1.5f, 4f, 8f}; // head size 8: four pairs
    Path gguf =
        TinyModel.random(5, true)
            .writeGguf(
                dir,
                "scaled.gguf",
                GgmlType.F32,
                TinyModel.SEQ,
                null,
                GgufExtras.none()
                    .f32("llama.rope.freq_base", 20000f)
                    .string("llama.rope.scaling.type", "linear")
                    .f32("llama.rope.scaling.factor", 2f)
                    .u32("llama.rope.dimension_count", 8)
                    .vector("rope_freqs.weight", GgmlType.F32, factors));
    try (GgufFile file = GgufFile.open(gguf)) {
      ModelConfig config = GgufLlamaLoader.config(file, 0);
      LlamaWeights weights = GgufLlamaLoader.weights(file, config);
      assertEquals(new RopeScaling(0, 2f, true), config.rope());
      assertEquals(20000f, config.ropeBase());
      RopeTable table = RopeTable.of(config, weights.ropeFactors());
      int pos = 9;
      float[] q = gaussian(1, config.dim());
      float[] k = gaussian(2, config.kvDim());
      float[] q0 = q.clone();
      float[] k0 = k.clone();
      new ReferenceVectorOps().rope(q, q.length, table, pos);
      new ReferenceVectorOps().rope(k, k.length, table, pos);
      assertArrayEquals(rotate(q0, 8, 20000, 2, factors, pos), q, 2e-6f);
      assertArrayEquals(rotate(k0, 8, 20000, 2, factors, pos), k, 2e-6f);
    }
  }

  private static float[] gaussian(long seed, int n) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  /** Pair j of each head turned by pos / linear * base^(-2j/headSize) / factors[j], in double. */
  private static float[] rotate(
      float[] in, int headSize, double base, double linear, float[] factors, int pos) {
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i += 2) {
      int j = (i % headSize) / 2;
      double theta = pos / linear * Math.pow(base, -2.0 * j / headSize) / factors[j];
      out[i] = (float) (in[i] * Math.cos(theta) - in[i + 1] * Math.sin(theta));
      out[i + 1] = (float) (in[i] * Math.sin(theta) + in[i + 1] * Math.cos(theta));
    }
    return out;
  }
}
