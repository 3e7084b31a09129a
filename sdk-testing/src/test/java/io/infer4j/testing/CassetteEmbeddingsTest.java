package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Record and replay of embeddings, next to the generations of the same cassette. */
class CassetteEmbeddingsTest {

  @TempDir Path dir;

  @Test
  void embeddingsReplayBitForBitWithTheirModelAndTokens() {
    Path cassette = dir.resolve("vectors.json");
    FakeBackend real = FakeBackend.create().model("embedder").embedding("pi", 3.1415927f, -1e-7f);
    EmbeddingRequest request = EmbeddingRequest.of("pi", "the cat sat");
    EmbeddingResponse recorded;
    try (InferenceClient rec = InferenceClients.of("llm", Cassettes.recording(real, cassette))) {
      recorded = rec.embed(request);
      rec.generate(InferenceRequest.ofPrompt("and a generation"));
    }
    try (InferenceClient replay = InferenceClients.of("llm", Cassettes.replaying(cassette))) {
      EmbeddingResponse again = replay.embed(request);
      assertArrayEquals(recorded.vector(0), again.vector(0));
      assertArrayEquals(recorded.vector(1), again.vector(1));
      assertEquals("embedder", again.model());
      assertEquals(recorded.promptTokens(), again.promptTokens());
      assertEquals("and a generation",
          replay.generate(InferenceRequest.ofPrompt("and a generation")).text());
    }
    assertEquals(1, real.embeddingRequests().size(), "the replay did not reach the real backend");
  }

  @Test
  void anEmbeddingWithoutARecordingFailsNamingIt() {
    Path cassette = dir.resolve("one.json");
    try (InferenceClient rec = InferenceClients.of("llm", Cassettes.recording(FakeBackend.create(), cassette))) {
      rec.embed(EmbeddingRequest.of("recorded"));
    }
    try (InferenceClient replay = InferenceClients.of("llm", Cassettes.replaying(cassette))) {
      BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
          () -> replay.embed(EmbeddingRequest.of("recorded").withModel("other")));
      assertFalse(e.isRetryable());
      assertTrue(e.getMessage().contains("1 input(s), first \"recorded\" (model other)"), e.getMessage());
    }
  }

  @Test
  void aFailedEmbeddingIsNotRecorded() {
    Path cassette = dir.resolve("none.json");
    FakeBackend cannot = FakeBackend.create().disable(io.infer4j.spi.Capability.EMBEDDINGS);
    try (InferenceClient rec = InferenceClients.of("llm", Cassettes.recording(cannot, cassette))) {
      assertThrows(RuntimeException.class, () -> rec.embed(EmbeddingRequest.of("x")));
    }
    assertFalse(cassette.toFile().exists());
  }
}
