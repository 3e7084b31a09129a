package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.RateLimitedException;
import io.infer4j.StreamInterruptedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A copyable example of testing application code with the fake. {@code StorySummarizer} stands
 * for your class: it builds its client with {@code InferenceClients.fromConfig()}, and
 * {@code @FakeInference} makes that client talk to the test's fake.
 */
@FakeInference
class FakeBackendExampleTest {

  @Test
  void summarizesAStory(FakeBackend fake) {
    fake.whenPromptContains("fox").reply("A fox outruns a dog.");

    try (StorySummarizer summarizer = new StorySummarizer()) {
      assertEquals("A fox outruns a dog.", summarizer.summarize("The quick brown fox..."));
    }

    fake.assertRequestCount(1).assertPromptContains("Summarize the story");
    assertEquals(64, fake.lastRequest().sampling().maxTokens());
  }

  @Test
  void letsRateLimitsThrough(FakeBackend fake) {
    fake.fail(new RateLimitedException("fake", "429 Too Many Requests", Duration.ofSeconds(1)));

    try (StorySummarizer summarizer = new StorySummarizer()) {
      RateLimitedException e = assertThrows(RateLimitedException.class, () -> summarizer.summarize("..."));
      assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
    }
  }

  @Test
  void reportsAConnectionDroppedMidAnswer(FakeBackend fake) {
    fake.failAfterChunks(
        new io.infer4j.BackendUnavailableException("fake", "connection reset", true), "A fox", " runs");

    try (StorySummarizer summarizer = new StorySummarizer()) {
      StreamInterruptedException e =
          assertThrows(StreamInterruptedException.class, () -> summarizer.summarize("..."));
      assertEquals("A fox runs", e.partialText());
    }
  }

  @Test
  void withoutTheExtensionUseTheFakesOwnClient() {
    FakeBackend fake = FakeBackend.create().reply("Hello!");
    try (InferenceClient client = fake.client()) {
      assertEquals("Hello!", client.generate(InferenceRequest.ofUserMessage("Hi")).text());
    }
    assertEquals("Hi", fake.lastRequest().text());
  }
}
