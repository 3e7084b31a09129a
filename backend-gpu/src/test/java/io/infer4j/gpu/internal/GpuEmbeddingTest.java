package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Capability;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Embeddings on the gpu backend (computed on the CPU path), of the model shipped in the jar. */
class GpuEmbeddingTest {

  @Test
  void theSameTextGivesTheSameUnitVectorOfTheModelsDimension() {
    try (Backend b = new GpuBackendProvider().create(BackendConfig.ofMap("local", "gpu", Map.of()));
        InferenceClient c = InferenceClients.of("local", b)) {
      assertTrue(b.capabilities().contains(Capability.EMBEDDINGS));
      EmbeddingResponse r = c.embed(EmbeddingRequest.of("Once upon a time", "Once upon a time"));
      assertEquals(64, r.embeddings().getFirst().dimensions());
      assertArrayEquals(r.vector(0), r.vector(1));
      assertEquals(1.0, r.embeddings().get(0).cosine(r.embeddings().get(1)), 1e-6);
      assertEquals("local", r.backend());
    }
  }
}
