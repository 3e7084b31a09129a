package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.infer4j.DelegatingClient;
import io.infer4j.spi.Capability;
import io.infer4j.support.WordBackend;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link InferenceClients#capabilities}: what a caller can know before sending a request. */
class ClientCapabilitiesTest {

  private static final Set<Capability> WORDS =
      Set.of(Capability.RAW_PROMPT, Capability.CHAT, Capability.STREAMING);

  @Test
  void aClientOverABackendHasTheBackendsCapabilities() {
    try (InferenceClient client = InferenceClients.of("w", new WordBackend("w", Duration.ZERO))) {
      assertEquals(WORDS, InferenceClients.capabilities(client));
    }
  }

  @Test
  void aDelegatingClientIsSeenThrough() {
    try (InferenceClient inner = InferenceClients.of("w", new WordBackend("w", Duration.ZERO))) {
      DelegatingClient outer = mock(DelegatingClient.class);
      when(outer.delegate()).thenReturn(inner);
      assertEquals(WORDS, InferenceClients.capabilities(outer));
    }
  }

  @Test
  void aClientThisSdkDidNotMakeDeclaresNothing() {
    assertEquals(Set.of(), InferenceClients.capabilities(mock(InferenceClient.class)));
  }
}
