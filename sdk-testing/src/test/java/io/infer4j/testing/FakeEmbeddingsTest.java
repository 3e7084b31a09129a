package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.Embedding;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake's embeddings through a client: the default vectors, scripted ones, and the records. */
class FakeEmbeddingsTest {

  private final FakeBackend fake = FakeBackend.create();
  private final InferenceClient client = fake.client();

  @AfterEach
  void closeClient() {
    client.close();
  }

  private static double length(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  @Test
  void defaultVectorsHaveTheDocumentedDimensionsAndLengthOne() {
    EmbeddingResponse r = client.embed(EmbeddingRequest.of("a cat", "a dog"));
    assertEquals(2, r.embeddings().size());
    for (Embedding e : r.embeddings()) {
      assertEquals(FakeBackend.DEFAULT_EMBEDDING_DIMENSIONS, e.dimensions());
      assertEquals(1.0, length(e.vector()), 1e-6);
    }
    assertEquals(256, FakeBackend.DEFAULT_EMBEDDING_DIMENSIONS);
  }

  @Test
  void theSameTextGivesTheSameVectorInEveryFake() {
    float[] here = client.embed(EmbeddingRequest.of("The cat sat on the mat.")).vector(0);
    try (InferenceClient other = FakeBackend.create().client()) {
      assertArrayEquals(here, other.embed(EmbeddingRequest.of("The cat sat on the mat.")).vector(0));
    }
  }

  @Test
  void textsThatShareWordsAreCloserThanUnrelatedOnes() {
    EmbeddingResponse r = client.embed(EmbeddingRequest.of(
        "the cat sat on the mat", "a cat sat on a mat", "stock prices fell sharply today"));
    double similar = r.embeddings().get(0).cosine(r.embeddings().get(1));
    double unrelated = r.embeddings().get(0).cosine(r.embeddings().get(2));
    // cat, sat, on, mat shared; "the" twice against "a" twice: 4 / (sqrt(8) * sqrt(8))
    assertEquals(0.5, similar, 1e-6);
    assertTrue(Math.abs(unrelated) < 0.3, "unrelated: " + unrelated);
    assertTrue(similar > unrelated);
  }

  @Test
  void aScriptedVectorAnswersItsTextOnly() {
    fake.embeddingDimensions(3).embedding("cat", 1f, 0f, 0f);
    EmbeddingResponse r = client.embed(EmbeddingRequest.of("cat", "Cat"));
    assertArrayEquals(new float[] {1f, 0f, 0f}, r.vector(0));
    assertEquals(3, r.embeddings().get(1).dimensions(), "the default, at the dimensions set");
  }

  @Test
  void usageModelAndBackendAreReported() {
    fake.model("fake-embedder");
    EmbeddingResponse r = client.embed(EmbeddingRequest.of("one two three", "four"));
    assertEquals(4, r.promptTokens(), "the words of the inputs");
    assertEquals("fake-embedder", r.model());
    assertEquals("fake", r.backend());
  }

  @Test
  void embeddingRequestsAreRecordedApartFromGenerations() {
    EmbeddingRequest request = EmbeddingRequest.of("x").withModel("m");
    client.embed(request);
    assertEquals(List.of(request), fake.embeddingRequests());
    fake.assertNoRequests();
    fake.reset();
    assertEquals(List.of(), fake.embeddingRequests());
  }

  @Test
  void aSharedViewEmbedsUntilItIsClosed() {
    InferenceClient viaView = InferenceClients.of("view", fake.shared());
    assertEquals(256, viaView.embed(EmbeddingRequest.of("x")).embeddings().get(0).dimensions());
    viaView.close();
    try (InferenceClient again = InferenceClients.of("view", fake.shared())) {
      again.embed(EmbeddingRequest.of("y"));
    }
    assertEquals(2, fake.embeddingRequests().size());
    assertThrows(BackendUnavailableException.class, () -> viaView.embed(EmbeddingRequest.of("z")));
  }
}
