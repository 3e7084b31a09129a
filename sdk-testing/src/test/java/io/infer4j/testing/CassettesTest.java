package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.LatencyBudget;
import io.infer4j.RateLimitedException;
import io.infer4j.TokenChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Record a backend's answers, replay them offline. */
class CassettesTest {

  @TempDir Path dir;

  private static List<String> chunks(InferenceClient client, InferenceRequest request) {
    List<String> out = new ArrayList<>();
    try (InferenceStream stream = client.stream(request)) {
      for (TokenChunk c : stream) {
        out.add(c.text());
      }
    }
    return out;
  }

  @Test
  void aRecordedResponseReplaysOfflineWithTheSameChunksFinishReasonUsageAndModel() {
    Path cassette = dir.resolve("story.json");
    FakeBackend real = FakeBackend.create().model("real-model");
    real.replyChunks("Once", " upon", " a time").reply("The end.");
    InferenceRequest story = InferenceRequest.builder().prompt("Tell a story").maxTokens(16).build();
    InferenceRequest ending = InferenceRequest.builder().user("How does it end?").build();

    InferenceResponse recorded;
    List<String> recordedChunks;
    try (InferenceClient recording = InferenceClients.of("groq", Cassettes.recording(real, cassette))) {
      recordedChunks = chunks(recording, story);
      recorded = recording.generate(ending);
    }
    assertTrue(Files.exists(cassette));

    try (InferenceClient replay = InferenceClients.of("groq", Cassettes.replaying(cassette))) {
      assertEquals(recordedChunks, chunks(replay, story));
      InferenceResponse again = replay.generate(ending);
      assertEquals(recorded.text(), again.text());
      assertEquals(recorded.finishReason(), again.finishReason());
      assertEquals(recorded.usage(), again.usage());
      assertEquals("real-model", again.model());
    }
    real.assertRequestCount(2); // the replay did not reach the real backend
  }

  @Test
  void twoRecordersOfOneCassetteKeepEachOthersRecordings() {
    Path cassette = dir.resolve("shared.json");
    InferenceRequest first = InferenceRequest.ofPrompt("first");
    InferenceRequest second = InferenceRequest.ofPrompt("second");
    try (InferenceClient a = InferenceClients.of("a", Cassettes.recording(FakeBackend.create().reply("A"), cassette));
        InferenceClient b = InferenceClients.of("b", Cassettes.recording(FakeBackend.create().reply("B"), cassette))) {
      a.generate(first);
      b.generate(second);
    }
    try (InferenceClient replay = InferenceClients.of("r", Cassettes.replaying(cassette))) {
      assertEquals("A", replay.generate(first).text());
      assertEquals("B", replay.generate(second).text());
    }
  }

  @Test
  void aCassetteThatCannotBeWrittenKeepsTheAnswerAndFailsAtClose() throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    Path blocked = file.resolve("cassette.json"); // its parent is a file: it cannot be written
    InferenceClient client = InferenceClients.of("a", Cassettes.recording(FakeBackend.create().reply("ok"), blocked));
    assertEquals("ok", client.generate(InferenceRequest.ofPrompt("x")).text());
    assertThrows(CassetteException.class, client::close);
  }

  @Test
  void theLatencyBudgetIsNotPartOfTheRequestKey() {
    Path cassette = dir.resolve("budget.json");
    try (InferenceClient rec = InferenceClients.of("r", Cassettes.recording(FakeBackend.create(), cassette))) {
      rec.generate(InferenceRequest.ofPrompt("same words"));
    }
    try (InferenceClient replay = InferenceClients.of("r", Cassettes.replaying(cassette))) {
      InferenceRequest withBudget = InferenceRequest.builder().prompt("same words")
          .budget(LatencyBudget.ofTotal(Duration.ofSeconds(30))).build();
      assertEquals("same words", replay.generate(withBudget).text());
    }
  }

  @Test
  void aRequestWithoutARecordingFailsWithANonRetryableErrorNamingIt() {
    Path cassette = dir.resolve("one.json");
    try (InferenceClient rec = InferenceClients.of("r", Cassettes.recording(FakeBackend.create(), cassette))) {
      rec.generate(InferenceRequest.ofPrompt("recorded"));
    }
    try (InferenceClient replay = InferenceClients.of("r", Cassettes.replaying(cassette))) {
      InferenceRequest other = InferenceRequest.builder().prompt("recorded").temperature(0).build();
      BackendUnavailableException e =
          assertThrows(BackendUnavailableException.class, () -> replay.generate(other));
      assertFalse(e.isRetryable());
      assertTrue(e.getMessage().contains("prompt \"recorded\""), e.getMessage());
      assertTrue(e.getMessage().contains("temperature 0.0"), e.getMessage());
      assertTrue(e.getMessage().contains(cassette.toString()), e.getMessage());
    }
  }

  @Test
  void failedAndCancelledResponsesAreNotRecorded() throws IOException {
    Path cassette = dir.resolve("failures.json");
    FakeBackend real = FakeBackend.create()
        .failAfterChunks(new RateLimitedException("real", "429", null), "partial")
        .replyChunks("a", "b", "c");
    try (InferenceClient rec = InferenceClients.of("r", Cassettes.recording(real, cassette))) {
      assertThrows(RuntimeException.class, () -> rec.generate(InferenceRequest.ofPrompt("fails")));
      try (InferenceStream s = rec.stream(InferenceRequest.ofPrompt("cancelled"))) {
        s.iterator().next();
      }
    }
    assertFalse(Files.exists(cassette), "nothing completed, nothing written");
  }

  @Test
  void recordingAddsToAnExistingCassetteAndReplacesARepeatedRequest() {
    Path cassette = dir.resolve("grow.json");
    try (InferenceClient rec = InferenceClients.of("r",
        Cassettes.recording(FakeBackend.create().reply("old").reply("other"), cassette))) {
      rec.generate(InferenceRequest.ofPrompt("q1"));
      rec.generate(InferenceRequest.ofPrompt("q2"));
    }
    try (InferenceClient rec = InferenceClients.of("r",
        Cassettes.recording(FakeBackend.create().reply("new"), cassette))) {
      rec.generate(InferenceRequest.ofPrompt("q1"));
    }
    try (InferenceClient replay = InferenceClients.of("r", Cassettes.replaying(cassette))) {
      assertEquals("new", replay.generate(InferenceRequest.ofPrompt("q1")).text());
      assertEquals("other", replay.generate(InferenceRequest.ofPrompt("q2")).text());
    }
  }

  @Test
  void theCassetteHoldsOnlyRequestContentAndResponseData() throws IOException {
    Path cassette = dir.resolve("content.json");
    try (InferenceClient rec = InferenceClients.of("r",
        Cassettes.recording(FakeBackend.create().reply("Paris."), cassette))) {
      rec.generate(InferenceRequest.builder().system("Be brief.").user("Capital of France?").build());
    }
    String json = Files.readString(cassette);
    assertTrue(json.contains("\"format\" : \"infer4j-cassette\""), json);
    assertTrue(json.contains("Capital of France?"), json);
    assertTrue(json.contains("\"finishReason\" : \"STOP\""), json);
    assertFalse(json.contains("budget"), json);
    try (var files = Files.list(dir)) {
      assertEquals(List.of(cassette), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void aCorruptCassetteGivesAClearError() throws IOException {
    Path cassette = dir.resolve("corrupt.json");
    Files.writeString(cassette, "{\"format\": \"infer4j-cassette\", \"version\": 1, \"interactions\": [");
    CassetteException e = assertThrows(CassetteException.class, () -> Cassettes.replaying(cassette));
    assertEquals(cassette, e.file());
    assertTrue(e.getMessage().startsWith("cassette " + cassette + ": not a valid cassette"), e.getMessage());
    assertThrows(CassetteException.class, () -> Cassettes.recording(FakeBackend.create(), cassette));
  }

  @Test
  void aFileOfAnotherFormatOrVersionIsRejected() throws IOException {
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"format\": \"vcr\", \"version\": 1, \"interactions\": []}");
    CassetteException format = assertThrows(CassetteException.class, () -> Cassettes.replaying(other));
    assertTrue(format.getMessage().contains("\"format\" is vcr"), format.getMessage());
    Files.writeString(other, "{\"format\": \"infer4j-cassette\", \"version\": 9, \"interactions\": []}");
    CassetteException version = assertThrows(CassetteException.class, () -> Cassettes.replaying(other));
    assertTrue(version.getMessage().contains("unsupported cassette version 9"), version.getMessage());
  }

  @Test
  void aMissingCassetteCannotBeReplayed() {
    CassetteException e = assertThrows(CassetteException.class,
        () -> Cassettes.replaying(dir.resolve("missing.json")));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void recordAndReplayAreSwitchableByConfiguration() {
    String cassette = dir.resolve("configured.json").toString();
    InferenceRequest request = InferenceRequest.builder().prompt("hi").maxTokens(3).build();
    InferenceResponse recorded;
    try (InferenceClient client = InferenceClients.fromProperties(Map.of(
        "infer4j.backend", "llm",
        "infer4j.backends.llm.type", "record",
        "infer4j.backends.llm.delegate", "words",
        "infer4j.backends.llm.cassette", cassette,
        "infer4j.backends.words.type", "alpha"))) {
      recorded = client.generate(request);
    }
    assertEquals("words0 words1 words2", recorded.text(), "served by the alpha test backend");
    assertEquals(FinishReason.LENGTH, recorded.finishReason());
    try (InferenceClient client = InferenceClients.fromProperties(Map.of(
        "infer4j.backend", "llm",
        "infer4j.backends.llm.type", "replay",
        "infer4j.backends.llm.cassette", cassette))) {
      InferenceResponse replayed = client.generate(request);
      assertEquals(recorded.text(), replayed.text());
      assertEquals(recorded.finishReason(), replayed.finishReason());
      assertEquals(recorded.usage(), replayed.usage());
      assertEquals("llm", replayed.backend());
    }
  }

  @Test
  void aConfiguredReplayOfABadCassetteNamesTheKey() {
    String missing = dir.resolve("nothing-here.json").toString();
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.fromProperties(Map.of(
            "infer4j.backend", "llm",
            "infer4j.backends.llm.type", "replay",
            "infer4j.backends.llm.cassette", missing)));
    assertEquals("infer4j.backends.llm.cassette", e.key());
    assertEquals(missing, e.value());
    InvalidConfigurationException noDelegate = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.fromProperties(Map.of(
            "infer4j.backend", "llm",
            "infer4j.backends.llm.type", "record",
            "infer4j.backends.llm.cassette", missing)));
    assertEquals("infer4j.backends.llm.delegate", noDelegate.key());
  }
}
