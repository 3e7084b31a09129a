package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.InvalidRequestException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.testing.SharedFiles;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Capability;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuBackendProviderTest {

  /**
   * The stories260K keys plus {@code key=value}. Call it before {@code assertThrows}, never inside
   * its lambda: without the shared files it skips the test by throwing, and inside the lambda that
   * throw would count as the wrong exception.
   */
  static Map<String, String> stories(String key, String value) {
    return Map.of(
        "model", SharedFiles.model("stories260K.bin").toString(),
        "tokenizer", SharedFiles.model("tok512.bin").toString(),
        key, value);
  }

  @Test
  void theProviderIsFoundByItsName() {
    assertTrue(InferenceClients.availableProviders().contains("gpu"));
  }

  @Test
  void cudaFailsClearlyNamingTheKeyAndIsNotRetryable() {
    Map<String, String> cuda = stories("device", "cuda");
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> InferenceClients.create("gpu", cuda));
    assertTrue(e.getMessage().contains("infer4j.backends.gpu.device=cuda"), e.getMessage());
    assertFalse(e.isRetryable());
  }

  @Test
  void autoAndCpuRunTheCpuReferencePath() {
    for (String device : new String[] {"auto", "CPU"}) {
      try (InferenceClient c = InferenceClients.create("gpu", stories("device", device))) {
        InferenceRequest r = InferenceRequest.builder().prompt("Once").maxTokens(3).build();
        assertEquals("cpu-reference", c.generate(r).timing().device(), device);
      }
    }
  }

  @Test
  void anUnknownDeviceNamesTheKey() {
    Map<String, String> tpu = stories("device", "tpu");
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.create("gpu", tpu));
    assertTrue(e.getMessage().contains("infer4j.backends.gpu.device"), e.getMessage());
  }

  @Test
  void unknownKernelsOrANegativeContextNameTheirKey() {
    Map<String, String> fast = stories("kernels", "fast");
    Map<String, String> negative = stories("context-length", "-1");
    InvalidConfigurationException k = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.create("gpu", fast));
    assertTrue(k.getMessage().contains("infer4j.backends.gpu.kernels"), k.getMessage());
    InvalidConfigurationException c = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.create("gpu", negative));
    assertTrue(c.getMessage().contains("infer4j.backends.gpu.context-length"), c.getMessage());
  }

  @Test
  void withoutAModelKeyTheEmbeddedModelServes() {
    try (Backend b = new GpuBackendProvider().create(BackendConfig.ofMap("local", "gpu", Map.of()));
        InferenceClient c = InferenceClients.of("local", b)) {
      InferenceResponse r = c.generate(InferenceRequest.builder().prompt("Once upon a time").maxTokens(8).build());
      assertEquals("stories260K-q8_0.gguf", r.model());
      assertEquals(8, r.usage().completionTokens());
      assertFalse(r.text().isBlank());
    }
  }

  @Test
  void aModelFileThatDoesNotExistIsModelNotFound() {
    assertThrows(ModelNotFoundException.class,
        () -> InferenceClients.create("gpu", Map.of("model", "/no/such/model.gguf")));
  }

  @Test
  void aModelWithoutChatTemplateOffersNoChatAndRefusesMessages() {
    try (Backend b = new GpuBackendProvider().create(
        BackendConfig.ofMap("gpu", "gpu", stories("kernels", "reference")));
        InferenceClient c = InferenceClients.of("gpu", b)) {
      assertFalse(b.capabilities().contains(Capability.CHAT));
      assertTrue(b.estimate(InferenceRequest.ofPrompt("x")).isEmpty());
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> c.generate(InferenceRequest.ofUserMessage("hello")));
      assertEquals("messages", e.field());
    }
  }
}
