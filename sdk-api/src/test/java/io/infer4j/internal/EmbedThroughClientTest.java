package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.Embedding;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InvalidRequestException;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.Capability;
import io.infer4j.support.CannedBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedThroughClientTest {

  @Test
  void vectorsComeBackInInputOrderNamedAfterTheInstance() {
    CannedBackend b = CannedBackend.capableOfAll();
    EmbeddingResponse r = new BackendClient("vectors", b).embed(EmbeddingRequest.of("ab", "abcd"));
    assertEquals("vectors", r.backend());
    assertArrayEquals(new float[] {4, 1, 1}, r.vector(1));
    assertEquals(2, r.embeddings().size());
  }

  @Test
  void aBackendThatCannotEmbedIsRefusedBeforeAnyWork() {
    CannedBackend b = new CannedBackend(Capability.CHAT);
    UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
        () -> new BackendClient("chatty", b).embed(EmbeddingRequest.of("x")));
    assertEquals(Capability.EMBEDDINGS, e.capability());
    assertEquals(List.of(), b.embedded());
  }

  @Test
  void badRequestsAreTypedErrorsNamingTheField() {
    assertEquals("inputs", assertThrows(InvalidRequestException.class,
        () -> new EmbeddingRequest(List.of(), null, null)).field());
    assertEquals("inputs[1]", assertThrows(InvalidRequestException.class,
        () -> EmbeddingRequest.of("a", null)).field());
  }

  @Test
  void embeddingsCompareByContentAndCosine() {
    Embedding a = new Embedding(0, new float[] {1, 0});
    assertEquals(a, new Embedding(0, new float[] {1, 0}));
    assertEquals(0.0, a.cosine(new Embedding(1, new float[] {0, 2})), 1e-12);
    assertEquals(1.0, a.cosine(new Embedding(1, new float[] {3, 0})), 1e-12);
    float[] out = a.vector();
    out[0] = 9;
    assertEquals(1f, a.vector()[0], "the vector is copied out");
  }
}
