package io.infer4j.samples.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.testing.Cassettes;
import io.infer4j.testing.FakeBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record/replay: record what a real backend answered once (here a fake stands in for it), commit
 * the cassette, and replay it offline in every later run.
 */
class RecordReplayExampleTest {

  @TempDir Path dir;

  @Test
  void aRecordedAnswerReplaysOfflineWithoutTheBackend() {
    Path cassette = dir.resolve("titles.json");
    FakeBackend live = FakeBackend.create().reply("Paper Boats");

    try (InferenceClient recording = InferenceClients.of("live", Cassettes.recording(live, cassette))) {
      assertEquals("Paper Boats", new StoryService(recording).titleFor("Boats of paper."));
    }
    assertTrue(Files.exists(cassette));

    try (InferenceClient replay = InferenceClients.of("replay", Cassettes.replaying(cassette))) {
      assertEquals("Paper Boats", new StoryService(replay).titleFor("Boats of paper."));
    }
    live.assertRequestCount(1); // the replay never reached the backend
  }
}
