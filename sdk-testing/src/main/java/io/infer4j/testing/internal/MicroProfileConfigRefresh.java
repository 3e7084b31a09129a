package io.infer4j.testing.internal;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * Makes a system-property change visible to {@code InferenceClients.fromConfig()}, which reads
 * the MicroProfile {@link Config} of the context class loader when an implementation is present.
 * Implementations cache that config per class loader; SmallRye's system-property source reads
 * {@link System#getProperty} on every lookup (checked by {@code
 * SmallRyeSystemPropertiesVisibilityTest}), but an implementation or a source that snapshots
 * properties would not. So after a change, if the cached config does not show the expected
 * values, it is released and the next lookup builds a fresh one. Without an implementation
 * there is nothing to do. Not API.
 */
public final class MicroProfileConfigRefresh {

  private MicroProfileConfigRefresh() {}

  /**
   * Releases the context class loader's cached config if it disagrees with {@code expected}
   * (key to the value it should have, or empty when it should not have the given {@code
   * notExpected} value).
   *
   * @return whether a config was released
   */
  public static boolean refreshIfStale(Map<String, Expectation> expected) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      ConfigProviderResolver resolver = ConfigProviderResolver.instance();
      Config config = resolver.getConfig(loader);
      for (Map.Entry<String, Expectation> e : expected.entrySet()) {
        Optional<String> actual;
        try {
          actual = config.getOptionalValue(e.getKey(), String.class);
        } catch (RuntimeException unreadable) {
          actual = Optional.empty();
        }
        if (!e.getValue().isMetBy(actual)) {
          resolver.releaseConfig(config);
          return true;
        }
      }
      return false;
    } catch (IllegalStateException | ServiceConfigurationError | NoClassDefFoundError e) {
      return false; // no MicroProfile Config implementation: system properties are read directly
    }
  }

  /** What a key's value should be after a change. */
  public record Expectation(String value, boolean present) {

    /** The key must have exactly {@code value}. */
    public static Expectation is(String value) {
      return new Expectation(value, true);
    }

    /** The key was unset again: it must no longer show {@code value} (another source may set it). */
    public static Expectation isNot(String value) {
      return new Expectation(value, false);
    }

    boolean isMetBy(Optional<String> actual) {
      return present ? actual.equals(Optional.of(value)) : !actual.equals(Optional.of(value));
    }
  }
}
