package io.infer4j.lpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendHealth;
import io.infer4j.spi.BackendHealth.State;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lpu backend's health: up while its model is loaded, naming the model and the chips. */
class LpuHealthTest {

  @Test
  void upWhileTheModelIsLoadedWithTheChipsOfItsProgram() {
    Backend b = new LpuBackendProvider().create(
        BackendConfig.ofMap("sim", "lpu", Map.of("chips", "4")));
    InferenceClient client = InferenceClients.of("sim", b);

    BackendHealth up = InferenceClients.health(client);
    assertEquals(State.UP, up.state());
    assertEquals("stories260K-q8_0.gguf", up.details().get("model"));
    assertEquals("lpu", up.details().get("device"));
    assertEquals(4L, up.details().get("chips"));
    long used = (Long) up.details().get("chips_used");
    assertTrue(used >= 1 && used <= 4, "chips used: " + used);

    client.close();

    assertEquals(State.CLOSED, b.health().state());
    assertEquals("the model was closed", b.health().reason().orElseThrow());
    assertEquals(State.CLOSED, InferenceClients.health(client).state());
  }
}
