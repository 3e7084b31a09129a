package io.infer4j.samples.cli.support;

import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;
import java.util.List;

/** Test provider "echo": an {@link EchoBackend}, so tests can see what reached the backend. */
public final class EchoProvider implements BackendProvider {
  @Override
  public String name() {
    return "echo";
  }

  /** The settings {@link EchoBackend} reads per request, besides the model. */
  private static final List<String> SETTINGS = List.of("chat", "fail-with", "api-key",
      "api-key-env", "base-url", "tokenizer", "chat-template");

  /**
   * Reads its settings once here, as a provider that checks them at creation does, so the
   * resolver's warning of unread keys ({@link BackendConfig#UNREAD_KEYS_LOGGER}) stays for keys
   * it has no use for.
   */
  @Override
  public Backend create(BackendConfig config) {
    SETTINGS.forEach(config::get);
    config.model();
    return new EchoBackend(config);
  }
}
