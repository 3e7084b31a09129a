package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension, with SmallRye Config on the class path (test scope) and a previous value of
 * {@code infer4j.backend} that must come back after every test ({@link
 * ConfiguredBackendRestoredCheck} fails the test otherwise).
 */
@ExtendWith(ConfiguredBackendRestoredCheck.class)
@FakeInference
class FakeInferenceExtensionTest {

  private static final String PREVIOUS = "alpha";

  private FakeBackend fromBeforeEach;

  @BeforeAll
  static void configureAnotherBackend() {
    System.setProperty(InferenceClients.BACKEND_KEY, PREVIOUS);
  }

  @AfterAll
  static void removeIt() {
    System.clearProperty(InferenceClients.BACKEND_KEY);
    ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
  }

  @BeforeEach
  void keep(FakeBackend fake) {
    fromBeforeEach = fake;
  }

  @Test
  void injectsTheTestsFakeIntoTestAndBeforeEachMethods(FakeBackend fake) {
    assertNotNull(fake);
    assertSame(fromBeforeEach, fake);
    fake.assertNoRequests();
  }

  @RepeatedTest(2)
  void eachTestGetsAFreshFake(FakeBackend fake) {
    try (InferenceClient client = InferenceClients.fromConfig()) {
      client.generate(InferenceRequest.ofPrompt("hello"));
    }
    fake.assertRequestCount(1);
  }

  @Test
  void theConfiguredBackendIsTheFakeThroughSmallRyeConfig() {
    assertTrue(
        ConfigProviderResolver.instance().getClass().getName().startsWith("io.smallrye"),
        "SmallRye is the MicroProfile Config implementation here");
    assertEquals("fake", ConfigProvider.getConfig().getValue(InferenceClients.BACKEND_KEY, String.class));
  }

  @Test
  void aClassThatBuildsItsClientFromConfigGetsTheFake(FakeBackend fake) {
    fake.whenPromptContains("Summarize").reply("A fox jumps over a dog.");
    try (StorySummarizer summarizer = new StorySummarizer()) {
      assertEquals("fake", summarizer.backendName());
      assertEquals(
          "A fox jumps over a dog.",
          summarizer.summarize("The quick brown fox jumps over the lazy dog."));
    }
    fake.assertRequestCount(1).assertPromptContains("quick brown fox");
  }

  @Test
  void closingTheClientOfTheCodeUnderTestLeavesTheFakeUsableForTheNextOne(FakeBackend fake) {
    fake.reply("one").reply("two");
    try (StorySummarizer first = new StorySummarizer()) {
      assertEquals("one", first.summarize("story"));
    }
    assertEquals(1, fake.closeCount(), "the code under test closed its client");
    try (StorySummarizer second = new StorySummarizer()) {
      assertEquals("two", second.summarize("story"));
    }
    fake.assertRequestCount(2);
  }

  @Test
  @FakeInference(instance = "groq")
  void aMethodCanInstallTheFakeUnderAnotherInstanceName(FakeBackend fake) {
    fake.reply("from the fake");
    try (InferenceClient client = InferenceClients.fromConfig()) {
      assertEquals("groq", client.name());
      assertEquals("groq", client.generate(InferenceRequest.ofPrompt("x")).backend());
    }
    fake.assertRequestCount(1);
  }
}
