package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.EmbeddingRequest;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.Capability;
import org.junit.jupiter.api.Test;

/** {@code @FakeInference(disable = ...)}: the configured client sees the capability off from the start. */
@FakeInference(disable = Capability.EMBEDDINGS)
class FakeInferenceDisableTest {

  @Test
  void theConfiguredClientIsRefusedWhatTheAnnotationDisables(FakeBackend fake) {
    assertFalse(fake.capabilities().contains(Capability.EMBEDDINGS));
    try (InferenceClient client = InferenceClients.fromConfig()) {
      assertThrows(UnsupportedCapabilityException.class, () -> client.embed(EmbeddingRequest.of("x")));
    }
  }

  @Test
  @FakeInference
  void anAnnotationOnTheMethodOverridesTheClasssOne(FakeBackend fake) {
    fake.embedding("x", 0.5f, 0.5f);
    try (InferenceClient client = InferenceClients.fromConfig()) {
      assertEquals(2, client.embed(EmbeddingRequest.of("x")).embeddings().get(0).dimensions());
    }
    assertEquals(1, fake.embeddingRequests().size());
  }
}
