package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.runtime.ModelConfig;
import org.junit.jupiter.api.Test;

class RopeFrequenciesTest {
  @Test
  void eachPairsFrequencyIsTheReferenceFormulaRoundedToFloat() {
    ModelConfig c = new ModelConfig(4096, 14336, 2, 32, 8, 100, 64, 500000f, 1e-5f);
    float[] f = CudaForward.ropeFrequencies(c);
    assertEquals(64, f.length); // head size 128: 64 pairs
    for (int j = 0; j < f.length; j++) {
      assertEquals(1.0f / (float) Math.pow(500000f, (2 * j) / 128f), f[j], 0f, "pair " + j);
    }
    assertEquals(1f, f[0]);
  }
}
