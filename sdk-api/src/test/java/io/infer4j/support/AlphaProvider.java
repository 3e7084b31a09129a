package io.infer4j.support;

import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;

/** Test provider "alpha": a {@link WordBackend} whose words start with its instance name. */
public final class AlphaProvider implements BackendProvider {
  @Override
  public String name() {
    return "alpha";
  }

  @Override
  public Backend create(BackendConfig config) {
    return new WordBackend(config.instanceName(), config.getDuration("per-token", java.time.Duration.ZERO));
  }
}
