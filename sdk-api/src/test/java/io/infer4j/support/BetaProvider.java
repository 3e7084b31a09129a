package io.infer4j.support;

import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;

/** Test provider "beta": like alpha, so switching between the two is visible in the text. */
public final class BetaProvider implements BackendProvider {
  @Override
  public String name() {
    return "beta";
  }

  @Override
  public Backend create(BackendConfig config) {
    return new WordBackend(config.instanceName(), config.getDuration("per-token", java.time.Duration.ZERO));
  }
}
