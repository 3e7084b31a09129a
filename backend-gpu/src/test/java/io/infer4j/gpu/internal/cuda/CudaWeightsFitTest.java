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
  void oneSequencesStateIsItsKvCacheAndBuffers() {
    ModelConfig c = new ModelConfig(64, 172, 5, 8, 4, 512, 512, 10000f, 1e-5f);
    long kv = 2L * 4 * 5 * 512 * 32; // key + value, float32, layers x context x kvDim
    long buffers = 4L * (4 * 64 + 2 * 172 + 8 * 512) + 4L * 512 + 4;
    assertEquals(kv + buffers, CudaForward.stateBytes(c, 1));
  }
}
