package io.infer4j.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendHealth;
import io.infer4j.spi.BackendHealth.State;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gpu backend's health: up while its model is loaded, naming the model and the device. */
class GpuHealthTest {

  @Test
  void upWhileTheModelIsLoadedThenClosed() {
    Backend b = new GpuBackendProvider().create(
        BackendConfig.ofMap("local", "gpu", Map.of("device", "cpu")));
    InferenceClient client = InferenceClients.of("local", b);

    BackendHealth up = InferenceClients.health(client);
    assertEquals(State.UP, up.state());
    assertEquals("stories260K-q8_0.gguf", up.details().get("model"));
    assertEquals(GpuBackend.DEVICE, up.details().get("device"));

    client.close();

    BackendHealth closed = b.health();
    assertEquals(State.CLOSED, closed.state());
    assertEquals("the model was closed", closed.reason().orElseThrow());
    assertEquals(GpuBackend.DEVICE, closed.details().get("device"));
  }
}
