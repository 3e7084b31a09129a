package io.infer4j.opentelemetry;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceRequest;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import java.util.EnumSet;
import java.util.Set;

/**
 * Test provider {@code down}: a backend whose every request fails at start with a retryable
 * {@link BackendUnavailableException} (a 503), so that a router falls back from it.
 */
public final class DownProvider implements BackendProvider {

  @Override
  public String name() {
    return "down";
  }

  @Override
  public Backend create(BackendConfig config) {
    String instance = config.instanceName();
    return new Backend() {
      @Override
      public Set<Capability> capabilities() {
        return EnumSet.of(Capability.CHAT, Capability.RAW_PROMPT, Capability.STREAMING);
      }

      @Override
      public Generation start(InferenceRequest request, Deadline deadline) {
        throw new BackendUnavailableException(instance, "HTTP 503 (test)", true);
      }

      @Override
      public void close() {}
    };
  }
}
