package io.infer4j.testing.internal;

import io.infer4j.InferenceClients;
import io.infer4j.spi.BackendConfig;
import io.infer4j.testing.FakeBackend;
import io.infer4j.testing.internal.MicroProfileConfigRefresh.Expectation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fake made the configured backend for one test: installed in the {@link FakeRegistry}, with
 * system properties {@code infer4j.backend=<instance>} and {@code
 * infer4j.backends.<instance>.type=fake} set (system properties outrank configuration files), and
 * everything put back by {@link #restore()}. Not thread-safe: one test thread installs and
 * restores. Not API.
 */
public final class FakeInstallation {

  private final String instance;
  private final FakeBackend fake;
  private final Map<String, String> previous = new LinkedHashMap<>(); // key -> value or null
  private final Map<String, String> installed = new LinkedHashMap<>();

  private FakeInstallation(String instance, FakeBackend fake) {
    this.instance = instance;
    this.fake = fake;
  }

  /** Installs {@code fake} as the configured backend named {@code instance}. */
  public static FakeInstallation install(String instance, FakeBackend fake) {
    FakeInstallation installation = new FakeInstallation(instance, fake);
    installation.apply();
    return installation;
  }

  private void apply() {
    installed.put(InferenceClients.BACKEND_KEY, instance);
    installed.put(BackendConfig.BACKENDS_PREFIX + instance + ".type", "fake");
    FakeRegistry.install(instance, fake);
    Map<String, Expectation> expected = new LinkedHashMap<>();
    installed.forEach((key, value) -> {
      previous.put(key, System.getProperty(key));
      System.setProperty(key, value);
      expected.put(key, Expectation.is(value));
    });
    MicroProfileConfigRefresh.refreshIfStale(expected);
  }

  /** The installed fake. */
  public FakeBackend fake() {
    return fake;
  }

  /** Uninstalls the fake and puts the previous property values back. Idempotent. */
  public void restore() {
    FakeRegistry.uninstall(instance, fake);
    Map<String, Expectation> expected = new LinkedHashMap<>();
    previous.forEach((key, value) -> {
      if (value == null) {
        System.clearProperty(key);
        expected.put(key, Expectation.isNot(installed.get(key)));
      } else {
        System.setProperty(key, value);
        expected.put(key, Expectation.is(value));
      }
    });
    previous.clear();
    MicroProfileConfigRefresh.refreshIfStale(expected);
  }
}
