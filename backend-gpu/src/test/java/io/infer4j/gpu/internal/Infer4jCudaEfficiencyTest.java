package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.gpu.GpuEngine;
import io.infer4j.gpu.GpuPrecision;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The measured-efficiency file of infer4j's CUDA path: the shipped one, and bad ones. */
class Infer4jCudaEfficiencyTest {

  private static final String VALID = """
      measured-on = test device, today
      copy-fraction-of-datasheet = 4 / 5
      matvec-fraction-of-copy.q8_0 = 0.5
      matvec-fraction-of-copy.f32 = 1 / 4
      launch-overhead-us = 5
      prefill-fraction-of-peak = 0.01
      launches-per-layer = 15
      launches-per-pass = 4
      prefill-pass-tokens = 64
      activation-bytes = 4
      """;

  @Test
  void theShippedFileReadsAsTheMeasuredH200Profile() {
    EngineProfile p = Infer4jCudaEfficiency.PROFILE;

    assertEquals(GpuEngine.INFER4J, p.engine());
    assertEquals("NVIDIA H200, 2026-12-04", p.measuredOn());
    // 2.703 TB/s of the 3.91 TB/s copy, which is 3.91 of the H200's 4.8 TB/s
    assertEquals(2.703 / 4.8, p.weightMatmulEfficiency().get(GpuPrecision.Q8_0), 1e-12);
    assertEquals(1.029 / 4.8, p.weightMatmulEfficiency().get(GpuPrecision.Q4_0), 1e-12);
    assertEquals(3.327 / 4.8, p.weightMatmulEfficiency().get(GpuPrecision.BF16), 1e-12);
    assertFalse(p.weightMatmulEfficiency().containsKey(GpuPrecision.FP8));
    assertEquals(1210.7 / 278 * 1e-6, p.launchSeconds(), 1e-15);
    assertEquals(9.152 / 44.37, p.prefillComputeEfficiency(), 1e-12);
    assertTrue(p.prefillMatmulsAt16Bit()); // every weight type at the BF16 rate in prefill
    assertFalse(EngineProfile.TUNED.prefillMatmulsAt16Bit());
    assertEquals(9, p.launchesPerLayer());
    assertEquals(5, p.launchesPerPass());
    assertEquals(1024, p.prefillPassTokens());
    assertEquals(1, p.maxGpus());
    assertFalse(p.batchedDecode());
  }

  @Test
  void everyInfer4jEfficiencyIsAtMostTheTunedOne() {
    EngineProfile infer4j = Infer4jCudaEfficiency.PROFILE;
    EngineProfile tuned = EngineProfile.TUNED;
    infer4j.weightMatmulEfficiency().forEach((precision, e) ->
        assertTrue(e <= tuned.weightMatmulEfficiency().get(precision), precision + ": " + e));
    assertTrue(infer4j.otherMemoryEfficiency() <= tuned.otherMemoryEfficiency());
    assertTrue(infer4j.prefillComputeEfficiency() <= tuned.prefillComputeEfficiency());
    assertTrue(infer4j.decodeComputeEfficiency() <= tuned.decodeComputeEfficiency());
    assertTrue(infer4j.launchSeconds() >= tuned.launchSeconds());
    assertTrue(infer4j.activationBytes() >= tuned.activationBytes());
  }

  @Test
  void aValueMayBeAQuotientAndF32IsReadButOffersNoPrecision() throws Exception {
    EngineProfile p = Infer4jCudaEfficiency.parse(new StringReader(VALID));

    assertEquals(0.4, p.weightMatmulEfficiency().get(GpuPrecision.Q8_0), 1e-12);
    assertEquals(1, p.weightMatmulEfficiency().size());
    assertEquals(5e-6, p.launchSeconds(), 1e-15);
  }

  @Test
  void aBadFileFailsNamingTheKey() {
    assertFailsNaming(VALID + "launch-overhead = 3\n", "launch-overhead");
    assertFailsNaming(VALID.replace("launches-per-pass = 4\n", ""), "launches-per-pass");
    assertFailsNaming(VALID.replace("= 0.01", "= fast"), "prefill-fraction-of-peak");
    assertFailsNaming(VALID.replace("= 4 / 5", "= 4 / 0"), "copy-fraction-of-datasheet");
    assertFailsNaming(VALID.replace(".q8_0", ".q5_k"), "matvec-fraction-of-copy.q5_k");
    assertFailsNaming(VALID.replace("= 0.5", "= 2"), "q8_0"); // 2 x 0.8 of the datasheet
  }

  private static void assertFailsNaming(String text, String key) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Infer4jCudaEfficiency.parse(new StringReader(text)));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
