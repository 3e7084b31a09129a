package io.infer4j.testing;

import io.infer4j.InferenceClients;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test support: registered before {@link FakeInference}, so it runs before the fake is installed
 * and after it is removed. It reads {@code infer4j.backend} through SmallRye Config first (so a
 * config is cached before the switch) and fails the test unless the system property and the
 * config show the same value again afterwards.
 */
final class ConfiguredBackendRestoredCheck implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(ConfiguredBackendRestoredCheck.class);

  private record Seen(String property, Optional<String> config) {}

  private static Seen now() {
    return new Seen(
        System.getProperty(InferenceClients.BACKEND_KEY),
        ConfigProvider.getConfig().getOptionalValue(InferenceClients.BACKEND_KEY, String.class));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NS).put("before", now());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Seen before = context.getStore(NS).remove("before", Seen.class);
    Seen after = now();
    if (!Objects.equals(before, after)) {
      throw new AssertionError(
          "infer4j.backend not restored after the test: before " + before + ", after " + after);
    }
  }
}
