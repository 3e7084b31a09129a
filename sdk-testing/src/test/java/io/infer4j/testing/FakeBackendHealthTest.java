package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendHealth;
import io.infer4j.spi.BackendHealth.State;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fake's health: up, or down as scripted, for tests of readiness checks. */
class FakeBackendHealthTest {

  @Test
  void aFakeIsUpAndNamesItsModel() {
    FakeBackend fake = FakeBackend.create().model("llama-test");

    assertEquals(BackendHealth.up().with("model", "llama-test"), fake.health());
  }

  @Test
  void downIsScriptedWithAReasonAndRequestsAreStillAnswered() {
    FakeBackend fake = FakeBackend.create().down("scripted outage").reply("still here");

    BackendHealth h = fake.health();
    assertEquals(State.DOWN, h.state());
    assertEquals("scripted outage", h.reason().orElseThrow());
    assertEquals("fake-model", h.details().get("model"));
    try (InferenceClient client = fake.client()) {
      assertEquals(h, InferenceClients.health(client));
      assertEquals("still here", client.generate(InferenceRequest.ofPrompt("hi")).text());
    }
  }

  @Test
  void upAndResetEndADown() {
    FakeBackend fake = FakeBackend.create().down("a");
    assertEquals(State.UP, fake.up().health().state());
    assertEquals(State.UP, fake.down("b").reset().health().state());
    assertThrows(IllegalArgumentException.class, () -> fake.down(" "));
  }

  @Test
  void aClosedSharedViewIsClosedWhileTheFakeStaysUp() {
    FakeBackend fake = FakeBackend.create();
    Backend view = fake.shared();
    assertEquals(State.UP, view.health().state());

    view.close();

    assertEquals(State.CLOSED, view.health().state());
    assertEquals(State.UP, fake.health().state());
  }

  @Test
  void theProviderKeyDownScriptsItFromConfiguration() {
    try (InferenceClient client =
        InferenceClients.create("fake", Map.of("down", "maintenance window"))) {
      BackendHealth h = InferenceClients.health(client);

      assertEquals(State.DOWN, h.state());
      assertEquals("maintenance window", h.reason().orElseThrow());
    }
  }
}
