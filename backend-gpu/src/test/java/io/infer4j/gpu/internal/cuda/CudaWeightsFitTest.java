package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.gpu.ModelDoesNotFitException;
import io.infer4j.runtime.ModelConfig;
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
}
