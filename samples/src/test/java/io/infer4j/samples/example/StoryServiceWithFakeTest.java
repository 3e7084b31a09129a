package io.infer4j.samples.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.RateLimitedException;
import io.infer4j.testing.FakeBackend;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Way 1: the shipped fake backend, handed to the code under test as a client. Script the
 * replies, errors and latency; then check what the fake was asked.
 */
class StoryServiceWithFakeTest {

  private final FakeBackend fake = FakeBackend.create();
  private final InferenceClient client = fake.client();
  private final StoryService service = new StoryService(client);

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void trimsTheTitleToItsFirstLineWithoutAPeriod() {
    fake.reply("The Fox Who Ran.\nA story about a fox.");

    assertEquals("The Fox Who Ran", service.titleFor("A fox ran."));

    fake.assertRequestCount(1).assertPromptContains("A fox ran.");
    assertEquals(0.0, fake.lastRequest().sampling().temperature());
  }

  @Test
  void answersByMatchingThePrompt() {
    fake.whenPromptContains("dragon").reply("Ember");
    fake.whenPromptContains("robot").reply("Gears of Home");

    assertEquals("Gears of Home", service.titleFor("A robot goes home."));
    assertEquals("Ember", service.titleFor("A dragon sleeps."));
  }

  @Test
  void letsARateLimitThrough() {
    fake.fail(new RateLimitedException("fake", "429 Too Many Requests", Duration.ofSeconds(3)));

    RateLimitedException e = assertThrows(RateLimitedException.class, () -> service.titleFor("x"));
    assertEquals(Duration.ofSeconds(3), e.retryAfter().orElseThrow());
  }

  @Test
  void aSlowBackendMissesTheTimeToFirstTokenBudget() {
    fake.reply("Too Late").latency(Duration.ofSeconds(5), Duration.ZERO);

    assertThrows(DeadlineExceededException.class, () -> service.titleFor("x"));
  }
}
