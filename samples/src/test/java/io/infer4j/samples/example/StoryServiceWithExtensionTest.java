package io.infer4j.samples.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.testing.FakeBackend;
import io.infer4j.testing.FakeInference;
import org.junit.jupiter.api.Test;

/**
 * Way 2: the JUnit 5 extension. {@code @FakeInference} installs a fresh fake as the configured
 * backend ({@code infer4j.backend}) for each test, so {@code new StoryService()}, which builds its
 * client from configuration, talks to the fake without any change to its code.
 */
@FakeInference
class StoryServiceWithExtensionTest {

  @Test
  void theServiceBuiltFromConfigurationTalksToTheFake(FakeBackend fake) {
    fake.reply("Moonlight Harbour");

    try (StoryService service = new StoryService()) {
      assertEquals("Moonlight Harbour", service.titleFor("Boats sleep under the moon."));
    }

    fake.assertRequestCount(1).assertPromptContains("Boats sleep");
  }

  @Test
  void eachTestGetsAFreshFake(FakeBackend fake) {
    fake.assertNoRequests();
  }
}
