package io.infer4j.testing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.testing.FakeBackend;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeProviderTest {

  private final FakeBackend installed = FakeBackend.create();

  @AfterEach
  void uninstall() {
    FakeRegistry.uninstall("fake", installed);
    FakeRegistry.uninstall("shared", installed);
  }

  @Test
  void theFakeProviderIsFoundOnTheClassPath() {
    assertTrue(InferenceClients.availableProviders().contains("fake"));
  }

  @Test
  void withoutKeysAFakeFromConfigurationEchoes() {
    try (InferenceClient client = InferenceClients.create("fake", Map.of())) {
      InferenceResponse r = client.generate(InferenceRequest.ofPrompt("echo me"));
      assertEquals("echo me", r.text());
      assertEquals("fake-model", r.model());
    }
  }

  @Test
  void replyAndModelKeysConfigureTheAnswer() {
    try (InferenceClient client =
        InferenceClients.create("fake", Map.of("reply", "Always this.", "model", "tiny"))) {
      InferenceResponse r = client.generate(InferenceRequest.ofPrompt("anything"));
      assertEquals("Always this.", r.text());
      assertEquals("tiny", r.model());
      assertEquals("Always this.", client.generate(InferenceRequest.ofPrompt("again")).text());
    }
  }

  @Test
  void latencyKeysAreHonoured() {
    try (InferenceClient client = InferenceClients.create(
        "fake", Map.of("latency-first-token", "10m", "latency-per-chunk", "1ms"))) {
      InferenceRequest r = InferenceRequest.builder().prompt("x")
          .timeToFirstTokenBudget(Duration.ofMillis(20)).build();
      assertThrows(DeadlineExceededException.class, () -> client.generate(r));
    }
  }

  @Test
  void aBadLatencyNamesTheFullKey() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.create("fake", Map.of("latency-first-token", "20")));
    assertEquals("infer4j.backends.fake.latency-first-token", e.key());
  }

  @Test
  void aConfiguredInstanceGetsTheFakeInstalledUnderItsName() {
    installed.reply("installed answer");
    FakeRegistry.install("shared", installed);
    try (InferenceClient client = InferenceClients.fromProperties(
        Map.of("infer4j.backend", "shared", "infer4j.backends.shared.type", "fake"))) {
      assertEquals("installed answer", client.generate(InferenceRequest.ofPrompt("q")).text());
    }
    installed.assertRequestCount(1);
  }

  @Test
  void closingOneClientDoesNotCloseTheInstalledFakeNorOtherClientsStreams() {
    installed.latency(Duration.ZERO, Duration.ofMillis(1)).reply("a b c");
    FakeRegistry.install("fake", installed);
    InferenceClient first = InferenceClients.create("fake", Map.of());
    try (InferenceClient second = InferenceClients.create("fake", Map.of());
        InferenceStream running = second.stream(InferenceRequest.ofPrompt("q"))) {
      Iterator<?> it = running.iterator();
      it.next();
      first.close();
      assertEquals(1, installed.closeCount());
      assertTrue(it.hasNext(), "the other client's stream goes on");
      assertEquals("a b c", running.response().text());
      assertEquals("hello", second.generate(InferenceRequest.ofPrompt("hello")).text());
    }
    assertEquals(0, installed.cancelledCount());
    assertEquals(2, installed.closeCount());
  }

  @Test
  void closingASharedViewCancelsOnlyItsOwnStreams() {
    installed.latency(Duration.ZERO, Duration.ofMinutes(10)).reply("a b");
    FakeRegistry.install("fake", installed);
    InferenceClient client = InferenceClients.create("fake", Map.of());
    InferenceStream stream = client.stream(InferenceRequest.ofPrompt("q"));
    Iterator<?> it = stream.iterator();
    it.next();
    client.close(); // while the stream waits 10 minutes for its next chunk
    assertFalse(it.hasNext());
    assertEquals(1, installed.cancelledCount());
    stream.close();
  }
}
