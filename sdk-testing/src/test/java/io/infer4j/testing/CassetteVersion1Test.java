package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.Sampling;
import io.infer4j.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cassette written by the test kit before tools and embeddings (format version 1, recorded by
 * that code into {@code cassettes/version-1.json}) still replays, and recording into it keeps it.
 */
class CassetteVersion1Test {

  static final InferenceRequest STORY = InferenceRequest.builder().prompt("Tell a story").maxTokens(16).build();
  static final InferenceRequest CAPITAL = InferenceRequest.builder()
      .system("Be brief.").user("Capital of France?")
      .sampling(Sampling.DEFAULT.withSeed(7L).withStop("\n")).build();

  @TempDir Path dir;
  private Path cassette;

  @BeforeEach
  void copyTheFixture() throws IOException {
    cassette = dir.resolve("version-1.json");
    try (InputStream in = getClass().getResourceAsStream("/cassettes/version-1.json")) {
      Files.copy(in, cassette);
    }
    assertTrue(Files.readString(cassette).contains("\"version\" : 1"));
  }

  @Test
  void aVersion1CassetteReplaysItsAnswers() {
    try (InferenceClient replay = InferenceClients.of("groq", Cassettes.replaying(cassette))) {
      InferenceResponse story = replay.generate(STORY);
      assertEquals("Once upon a time.", story.text());
      assertEquals(FinishReason.STOP, story.finishReason());
      assertEquals(Usage.reported(3, 3), story.usage());
      assertEquals("llama-3.1-8b", story.model());
      assertTrue(story.toolCalls().isEmpty());
      assertEquals("Paris.", replay.generate(CAPITAL).text());
    }
  }

  @Test
  void recordingIntoAVersion1CassetteKeepsItsAnswersAndWritesVersion2() throws IOException {
    try (InferenceClient rec = InferenceClients.of("groq",
        Cassettes.recording(FakeBackend.create().reply("New."), cassette))) {
      rec.generate(InferenceRequest.ofPrompt("new question"));
    }
    assertTrue(Files.readString(cassette).contains("\"version\" : 2"));
    try (InferenceClient replay = InferenceClients.of("groq", Cassettes.replaying(cassette))) {
      assertEquals("Once upon a time.", replay.generate(STORY).text());
      assertEquals("Paris.", replay.generate(CAPITAL).text());
      assertEquals("New.", replay.generate(InferenceRequest.ofPrompt("new question")).text());
    }
  }
}
