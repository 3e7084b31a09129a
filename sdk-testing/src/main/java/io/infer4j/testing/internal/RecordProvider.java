package io.infer4j.testing.internal;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.CompositeBackendProvider;
import io.infer4j.testing.CassetteException;
import java.nio.file.Path;

/**
 * Provider {@code record}: keys {@code delegate} (the name of another configured backend instance,
 * which serves the requests) and {@code cassette} (the file path to record into). Not API.
 */
public final class RecordProvider implements CompositeBackendProvider {

  @Override
  public String name() {
    return "record";
  }

  @Override
  public Backend create(BackendConfig config, Members members) {
    String delegateName = config.require("delegate");
    String cassettePath = config.require("cassette");
    Cassette cassette;
    try {
      cassette = Cassette.openForRecording(Path.of(cassettePath));
    } catch (CassetteException e) {
      throw new InvalidConfigurationException(config.fullKey("cassette"), cassettePath, e.getMessage(), e);
    }
    return new RecordingBackend(members.create(delegateName, config.fullKey("delegate")), cassette);
  }
}
