package io.infer4j.samples.cli.support;

import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;

/** Test provider "echo": an {@link EchoBackend}, so tests can see what reached the backend. */
public final class EchoProvider implements BackendProvider {
  @Override
  public String name() {
    return "echo";
  }

  @Override
  public Backend create(BackendConfig config) {
    return new EchoBackend(config);
  }
}
