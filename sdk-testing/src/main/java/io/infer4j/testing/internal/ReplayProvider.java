package io.infer4j.testing.internal;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;
import io.infer4j.testing.CassetteException;
import java.nio.file.Path;

/** Provider {@code replay}: key {@code cassette} (the file path to replay from). Not API. */
public final class ReplayProvider implements BackendProvider {

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public Backend create(BackendConfig config) {
    String cassettePath = config.require("cassette");
    try {
      return new ReplayBackend(config.instanceName(), Cassette.open(Path.of(cassettePath)));
    } catch (CassetteException e) {
      throw new InvalidConfigurationException(config.fullKey("cassette"), cassettePath, e.getMessage(), e);
    }
  }
}
