package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.runtime.ModelConfig;
import io.infer4j.runtime.RopeScaling;
import io.infer4j.runtime.internal.model.Architecture;
import io.infer4j.runtime.internal.model.LayerWeights;
import io.infer4j.runtime.internal.model.LlamaWeights;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.internal.tensor.TensorView;
import io.infer4j.runtime.internal.tensor.TensorViews;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class CudaWeightsFitTest {

  @Test
  void aModelThatDoesNotFitNamesTheBytesNeededAndFree() {
    ModelDoesNotFitException e = assertThrows(ModelDoesNotFitException.class,
        () -> CudaWeights.checkFits("NVIDIA L4", 30_000_000_000L, 23_000_000_000L));
    assertTrue(e.getMessage().contains("30000000000 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("23000000000 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("NVIDIA L4"), e.getMessage());
    CudaWeights.checkFits("NVIDIA L4", 1, 1); // equal fits
  }

  @Test
  void oneSequencesStateIsItsKvCacheBuffersAndPromptScratch() {
    ModelConfig c = new ModelConfig(64, 172, 5, 8, 4, 512, 512, 10000f, 1e-5f);
    long kv = 2L * 4 * 5 * 512 * 32; // key + value, float32, layers x context x kvDim
    // per batch token: x, xb, q (dim), k, v (kvDim), two hidden; heads of 8 take the tiled
    // attention, so the score scratch is one float
    long perToken = 4L * (3 * 64 + 2 * 32 + 2 * 172);
    long scores = 4;
    // logits, argmax and its stages, the step's token and position, RoPE's 4 frequencies
    long fixed = 4L * 512 + 4 + 1024 * 8 + 2 * 4 + 4 * 4;
    long tokens = 4L * 7; // the batch's token ids
    long gemm = 2L * 172 * 64 + 2L * 7 * 172; // largest layer matrix and a batch, as halves
    long partials = 4L * 8 * (512 / 32) * (8 + 2); // heads x chunks x (m, l, head)
    assertEquals(kv + 7 * perToken + scores + fixed + tokens + gemm + partials,
        CudaForward.stateBytes(c, 7));
  }

  @Test
  void promptBatchesAreBoundedByTheScoreScratch() {
    ModelConfig small = new ModelConfig(64, 172, 5, 8, 4, 512, 512, 10000f, 1e-5f);
    assertEquals(CudaForward.MAX_BATCH_LIMIT, CudaForward.maxBatchFor(small));
    ModelConfig llama3 = new ModelConfig(4096, 14336, 32, 32, 8, 128256, 131072, 500000f, 1e-5f);
    assertEquals(CudaForward.MAX_BATCH_LIMIT, CudaForward.maxBatchFor(llama3)); // tiled: no scores
    // heads of 256 (wider than the tiled kernel): 16 heads x 131072 positions x 4 bytes = 8 MiB
    // of scores per token, 32 tokens in 256 MiB
    ModelConfig wide = new ModelConfig(4096, 14336, 32, 16, 8, 128256, 131072, 500000f, 1e-5f);
    assertEquals(32, CudaForward.maxBatchFor(wide));
  }

  @Test
  void aQwenModelIsRefusedBeforeAnyUploadNamingItsArchitecture() {
    ModelConfig c = new ModelConfig(8, 8, 1, 2, 1, 8, 16, 10000f, 1e-6f);
    for (Architecture arch : List.of(Architecture.QWEN2, Architecture.QWEN3)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CudaWeights.checkSupported(c, weights(c, arch)));
      assertTrue(e.getMessage().contains("general.architecture = " + arch.name()), e.getMessage());
      assertTrue(e.getMessage().contains("CPU path"), e.getMessage());
    }
    CudaWeights.checkSupported(c, weights(c, Architecture.LLAMA));
  }

  @Test
  void headsWiderThanTheWidthOverTheHeadCountAreRefused() {
    ModelConfig wide = new ModelConfig(8, 8, 1, 2, 1, 8, 16, 10000f, 1e-6f, RopeScaling.NONE, 8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CudaWeights.checkSupported(wide, weights(wide, Architecture.LLAMA)));
    assertTrue(e.getMessage().contains("2 x 8 != 8"), e.getMessage());
  }

  /** Zero weights of {@code c}'s shape (only the architecture and shape matter to the check). */
  private static LlamaWeights weights(ModelConfig c, Architecture arch) {
    int d = c.dim();
    int q = c.queryDim();
    int kv = c.kvDim();
    int h = c.hiddenDim();
    float[] none = new float[0];
    LayerWeights l = new LayerWeights(new float[d], zeros(q, d), zeros(kv, d), zeros(kv, d),
        zeros(d, q), new float[d], zeros(h, d), zeros(d, h), zeros(h, d),
        arch.qkvBias() ? new float[q] : none, arch.qkvBias() ? new float[kv] : none,
        arch.qkvBias() ? new float[kv] : none, arch.qkNorm() ? new float[c.headSize()] : none,
        arch.qkNorm() ? new float[c.headSize()] : none);
    TensorView embedding = zeros(c.vocabSize(), d);
    return new LlamaWeights(embedding, List.of(l), new float[d], embedding, none, arch);
  }

  private static TensorView zeros(int rows, int cols) {
    return TensorViews.of("zeros", GgmlType.F32,
        MemorySegment.ofArray(new byte[rows * cols * Float.BYTES]), rows, cols);
  }
}
