package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.ModelNotFoundException;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Capability;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Embeddings of the model shipped in the jar (dim 64) through the public client. */
class LpuEmbeddingTest {

  @Test
  void textsBecomeUnitVectorsOfTheModelsDimensionTheSameEachTime() {
    try (InferenceClient c = InferenceClients.create("lpu", Map.of("kernels", "reference"))) {
      EmbeddingResponse r = c.embed(EmbeddingRequest.of(
          "The cat sat on the mat.", "The cat sat on the mat.", "A dog ran in the park.", ""));
      assertEquals(4, r.embeddings().size());
      assertEquals("lpu", r.backend());
      assertEquals("stories260K-q8_0.gguf", r.model());
      assertEquals(64, r.embeddings().getFirst().dimensions());
      assertArrayEquals(r.vector(0), r.vector(1));
      assertEquals(1.0, r.embeddings().get(0).cosine(r.embeddings().get(0)), 1e-6);
      assertEquals(1.0, r.embeddings().get(0).cosine(r.embeddings().get(1)), 1e-6);
      double norm = 0;
      for (float x : r.vector(2)) {
        norm += x * x;
      }
      assertEquals(1.0, norm, 1e-5, "L2-normalised");
      double other = r.embeddings().get(0).cosine(r.embeddings().get(2));
      assertTrue(other < 0.9999, "another text, another vector: cosine " + other);
      assertTrue(r.promptTokens() > 4, "BOS and text tokens counted: " + r.promptTokens());
      assertEquals(64, r.embeddings().get(3).dimensions(), "an empty text is BOS alone");
    }
  }

  @Test
  void theVectorKernelsGiveTheReferencesVectorClosely() {
    EmbeddingRequest text = EmbeddingRequest.of("Once upon a time there was a little girl.");
    float[] reference;
    float[] vector;
    try (InferenceClient c = InferenceClients.create("lpu", Map.of("kernels", "reference"))) {
      reference = c.embed(text).vector(0);
    }
    try (InferenceClient c = InferenceClients.create("lpu", Map.of("kernels", "vector"))) {
      vector = c.embed(text).vector(0);
    }
    assertEquals(reference.length, vector.length);
    for (int i = 0; i < reference.length; i++) {
      assertEquals(reference[i], vector[i], 1e-3, "component " + i);
    }
  }

  @Test
  void theBackendOffersEmbeddingsAndRefusesAnotherModel() {
    try (var b = new LpuBackendProvider().create(
        BackendConfig.ofMap("lpu", "lpu", Map.of("kernels", "reference")));
        InferenceClient c = InferenceClients.of("lpu", b)) {
      assertTrue(b.capabilities().contains(Capability.EMBEDDINGS));
      assertThrows(ModelNotFoundException.class,
          () -> c.embed(EmbeddingRequest.of("x").withModel("other-model")));
    }
  }
}
