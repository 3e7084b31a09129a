package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.infer4j.DelegatingClient;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendHealth.State;
import io.infer4j.spi.BackendHealth;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.support.WordBackend;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link InferenceClients#health}: how a client's backend is doing, without a request. */
class ClientHealthTest {

  /** A backend whose health() is scripted or throws. */
  private static Backend saying(java.util.function.Supplier<BackendHealth> health) {
    return new Backend() {
      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.RAW_PROMPT);
      }

      @Override
      public Generation start(InferenceRequest request, Deadline deadline) {
        throw new UnsupportedOperationException();
      }

      @Override
      public BackendHealth health() {
        return health.get();
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void aBackendThatKnowsNothingMoreIsUpWhileOpen() {
    InferenceClient client = InferenceClients.of("w", new WordBackend("w", Duration.ZERO));
    assertEquals(BackendHealth.up(), InferenceClients.health(client));

    client.close();

    BackendHealth closed = InferenceClients.health(client);
    assertEquals(State.CLOSED, closed.state());
    assertEquals("client is closed", closed.reason().orElseThrow());
  }

  @Test
  void whatTheBackendSaysIsReportedAndADelegatingClientIsSeenThrough() {
    BackendHealth down = BackendHealth.down("scripted").with("endpoints", 1L);
    try (InferenceClient inner = InferenceClients.of("s", saying(() -> down))) {
      DelegatingClient outer = mock(DelegatingClient.class);
      when(outer.delegate()).thenReturn(inner);

      assertEquals(down, InferenceClients.health(outer));
    }
  }

  @Test
  void aHealthCheckThatThrowsIsReportedDownNotThrown() {
    try (InferenceClient client = InferenceClients.of("s",
        saying(() -> { throw new IllegalStateException("boom"); }))) {
      BackendHealth h = InferenceClients.health(client);

      assertEquals(State.DOWN, h.state());
      assertTrue(h.reason().orElseThrow().contains("IllegalStateException: boom"), h.toString());
    }
  }

  @Test
  void aClientThisSdkDidNotMakeIsTakenAsUp() {
    assertEquals(BackendHealth.up(), InferenceClients.health(mock(InferenceClient.class)));
  }
}
