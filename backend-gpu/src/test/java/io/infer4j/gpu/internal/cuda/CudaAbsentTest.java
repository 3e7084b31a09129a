package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.runtime.testing.SharedFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a machine without CUDA (this build's CI) sees: clear messages and the CPU path. */
class CudaAbsentTest {

  static void assumeNoCuda() {
    assumeTrue(CudaTestSupport.probe() != null, "a CUDA device is present: absent-CUDA behaviour"
        + " is not observable here");
  }

  @Test
  void openingWithoutTheDriverNamesTheLibrariesTried() {
    assumeNoCuda();
    CudaUnavailableException e =
        assertThrows(CudaUnavailableException.class, () -> CudaContext.open(0));
    assertTrue(e.getMessage().contains("libcuda.so.1") || e.getMessage().contains("libnvrtc"),
        e.getMessage());
  }

  @Test
  void deviceCudaFailsWithTheKeyAndTheReasonAndIsNotRetryable() {
    assumeNoCuda();
    Map<String, String> cfg = Map.of("model", SharedFiles.model("stories260K.bin").toString(),
        "tokenizer", SharedFiles.model("tok512.bin").toString(), "device", "cuda");
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> InferenceClients.create("gpu", cfg));
    assertTrue(e.getMessage().contains("infer4j.backends.gpu.device=cuda"), e.getMessage());
    assertTrue(e.getMessage().contains("CUDA cannot run here"), e.getMessage());
    assertTrue(e.getMessage().contains("device=auto or device=cpu"), e.getMessage());
    assertFalse(e.isRetryable());
  }

  @Test
  void deviceAutoFallsBackToTheCpuReferencePath() {
    assumeNoCuda();
    Map<String, String> cfg = Map.of("model", SharedFiles.model("stories260K.bin").toString(),
        "tokenizer", SharedFiles.model("tok512.bin").toString(), "device", "auto");
    try (InferenceClient c = InferenceClients.create("gpu", cfg)) {
      InferenceRequest r = InferenceRequest.builder().prompt("Once").maxTokens(2).build();
      assertEquals("cpu-reference", c.generate(r).timing().device());
    }
  }
}
