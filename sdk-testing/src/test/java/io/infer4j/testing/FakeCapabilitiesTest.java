package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.ChatMessage;
import io.infer4j.EmbeddingRequest;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.MediaPart;
import io.infer4j.ToolDefinition;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.testing.internal.FakeRegistry;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the fake declares, and turning it off to test refusals and the router's filter. */
class FakeCapabilitiesTest {

  private static final InferenceRequest WITH_TOOLS = InferenceRequest.builder()
      .user("Weather?").tool(ToolDefinition.of("get_weather", "The weather")).build();

  private final FakeBackend fake = FakeBackend.create();
  private final InferenceClient client = fake.client();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void theFakeCanDoEverythingButSimulatedTimingAndRemote() {
    assertEquals(EnumSet.complementOf(EnumSet.of(Capability.SIMULATED_TIMING, Capability.REMOTE)),
        fake.capabilities());
  }

  @Test
  void aDisabledCapabilityIsRefusedByTheClientBeforeTheFakeSeesTheRequest() {
    fake.disable(Capability.TOOLS);
    UnsupportedCapabilityException e =
        assertThrows(UnsupportedCapabilityException.class, () -> client.generate(WITH_TOOLS));
    assertEquals(Capability.TOOLS, e.capability());
    assertFalse(e.isRetryable());
    fake.assertNoRequests();
    assertEquals("plain", client.generate(InferenceRequest.ofUserMessage("plain")).text());
  }

  @Test
  void disabledStructuredOutputAndEmbeddingsAreRefusedToo() {
    fake.disable(Capability.STRUCTURED_OUTPUT, Capability.EMBEDDINGS);
    record Answer(String text) {}
    InferenceRequest json = InferenceRequest.builder().user("x").responseFormat(Answer.class).build();
    assertEquals(Capability.STRUCTURED_OUTPUT,
        assertThrows(UnsupportedCapabilityException.class, () -> client.generate(json)).capability());
    assertEquals(Capability.EMBEDDINGS, assertThrows(UnsupportedCapabilityException.class,
        () -> client.embed(EmbeddingRequest.of("x"))).capability());
  }

  @Test
  void calledDirectlyTheFakeRefusesADisabledCapabilityItselfWithoutRecordingIt() {
    fake.disable(Capability.TOOLS, Capability.RAW_PROMPT, Capability.EMBEDDINGS);
    assertThrows(UnsupportedCapabilityException.class, () -> fake.start(WITH_TOOLS, Deadline.none()));
    assertThrows(UnsupportedCapabilityException.class,
        () -> fake.start(InferenceRequest.ofPrompt("raw"), Deadline.none()));
    assertThrows(UnsupportedCapabilityException.class,
        () -> fake.embed(EmbeddingRequest.of("x"), Deadline.none()));
    fake.assertNoRequests();
    assertTrue(fake.embeddingRequests().isEmpty());
  }

  @Test
  void withoutLatencyEstimateTheFakeMakesNoEstimate() {
    fake.disable(Capability.LATENCY_ESTIMATE);
    assertTrue(fake.estimate(InferenceRequest.ofPrompt("x")).isEmpty());
  }

  @Test
  void resetTurnsEveryCapabilityOnAgain() {
    fake.disable(Capability.TOOLS, Capability.AUDIO).reset();
    assertTrue(fake.capabilities().containsAll(EnumSet.of(Capability.TOOLS, Capability.AUDIO)));
  }

  @Test
  void imagesAndSoundsAreAcceptedAndKeptInTheRecordedRequest() {
    MediaPart image = MediaPart.imageUrl("https://example.com/cat.png");
    MediaPart sound = MediaPart.audio(new byte[] {1, 2, 3}, "wav");
    InferenceRequest request =
        InferenceRequest.builder().message(ChatMessage.user("What is this?", image, sound)).build();
    assertEquals("What is this?", client.generate(request).text(), "the echo is the text alone");
    assertEquals(List.of(image, sound), fake.lastRequest().messages().get(0).media());
    fake.disable(Capability.AUDIO);
    assertEquals(Capability.AUDIO,
        assertThrows(UnsupportedCapabilityException.class, () -> client.generate(request)).capability());
  }

  @Test
  void aRouterPassesByTheMemberWithoutTheCapability() {
    FakeBackend plain = FakeBackend.create().disable(Capability.TOOLS, Capability.EMBEDDINGS);
    FakeBackend tooled = FakeBackend.create();
    FakeRegistry.install("plain", plain);
    FakeRegistry.install("tooled", tooled);
    try (InferenceClient router = InferenceClients.fromProperties(Map.of(
        "infer4j.backend", "llm",
        "infer4j.backends.llm.type", "router",
        "infer4j.router.backends", "plain,tooled",
        "infer4j.backends.plain.type", "fake",
        "infer4j.backends.tooled.type", "fake"))) {
      assertEquals("tooled", router.generate(WITH_TOOLS).route().chosen());
      router.embed(EmbeddingRequest.of("x"));
    } finally {
      FakeRegistry.uninstall("plain", plain);
      FakeRegistry.uninstall("tooled", tooled);
    }
    plain.assertNoRequests();
    assertTrue(plain.embeddingRequests().isEmpty());
    tooled.assertRequestCount(1).assertToolOffered("get_weather");
    assertEquals(1, tooled.embeddingRequests().size());
  }

  @Test
  void theProviderKeyDisableTurnsCapabilitiesOff() {
    try (InferenceClient configured =
        InferenceClients.create("fake", Map.of("disable", "tools, structured-output"))) {
      assertEquals(Capability.TOOLS, assertThrows(UnsupportedCapabilityException.class,
          () -> configured.generate(WITH_TOOLS)).capability());
    }
  }

  @Test
  void theProviderRejectsAnUnknownCapabilityNamingTheKnownOnes() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.create("fake", Map.of("disable", "tools, telepathy")));
    assertTrue(e.key().endsWith(".disable"), e.key());
    assertTrue(e.getMessage().contains("no capability 'telepathy'"), e.getMessage());
    assertTrue(e.getMessage().contains("structured-output"), e.getMessage());
  }
}
