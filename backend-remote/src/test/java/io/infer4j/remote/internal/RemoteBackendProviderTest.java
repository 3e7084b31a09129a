package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.InvalidRequestException;
import io.infer4j.remote.Preset;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class RemoteBackendProviderTest {

  @Test
  void theProviderIsFoundByItsTypeName() {
    assertTrue(InferenceClients.availableProviders().contains("remote"),
        InferenceClients.availableProviders().toString());
  }

  @Test
  void aNamedInstanceFromConfigurationServesRequests() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
          .body("data: {\"choices\":[{\"delta\":{\"content\":\"hello\"},\"finish_reason\":\"stop\"}]}\n\n"
              + "data: [DONE]\n\n").build());
      try (InferenceClient client = InferenceClients.fromProperties(Map.of(
          "infer4j.backend", "local",
          "infer4j.backends.local.type", "remote",
          "infer4j.backends.local.preset", "vllm",
          "infer4j.backends.local.base-url", server.url("/v1").toString(),
          "infer4j.model", "qwen"))) {
        assertEquals("hello", client.generate(InferenceRequest.ofUserMessage("hi")).text());
        assertEquals("local", client.name());
      }
    }
  }

  @Test
  void anUnknownPresetListsTheKnownOnes() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.create("remote", Map.of("preset", "grok")));
    assertEquals("infer4j.backends.remote.preset", e.key());
    assertTrue(e.getMessage().contains("groq, nvidia-nim, openai, vllm, ollama, llamacpp"), e.getMessage());
  }

  @Test
  void apiKeyEnvNamesTheVariableThatHoldsTheKey() {
    // PATH is set in every environment: it stands for a variable holding a key.
    InferenceClients.create("remote", Map.of("preset", "groq", "api-key-env", "PATH", "model", "m")).close();

    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.create("remote", Map.of(
            "preset", "groq", "api-key-env", "INFER4J_SURELY_UNSET_VARIABLE", "model", "m")));
    assertEquals("infer4j.backends.remote.api-key-env", e.key());
    assertTrue(e.getMessage().contains("INFER4J_SURELY_UNSET_VARIABLE is not set"), e.getMessage());
  }

  @Test
  void withoutPresetOrBaseUrlTheBaseUrlIsRequired() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.create("remote", Map.of("model", "m")));
    assertEquals("infer4j.backends.remote.base-url", e.key());
  }

  @Test
  void presetsGiveTheirBaseUrls() {
    assertEquals("https://api.groq.com/openai/v1", Preset.GROQ.defaultBaseUrl());
    assertEquals("https://integrate.api.nvidia.com/v1", Preset.NVIDIA_NIM.defaultBaseUrl());
    assertEquals(Preset.NVIDIA_NIM, Preset.fromConfigName("k", "NVIDIA-NIM"));
    assertTrue(Preset.OPENAI.requiresApiKey());
  }

  @Test
  void aRequestWithoutAnyModelIsRejectedNamingTheKey() {
    try (InferenceClient client = InferenceClients.create("remote",
        Map.of("preset", "ollama"))) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> client.generate(InferenceRequest.ofUserMessage("hi")));
      assertEquals("model", e.field());
      assertTrue(e.getMessage().contains("infer4j.backends.remote.model"), e.getMessage());
    }
  }
}
