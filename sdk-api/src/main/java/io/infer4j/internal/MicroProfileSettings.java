package io.infer4j.internal;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.spi.Settings;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Settings read through a MicroProfile {@link Config}. Not API. */
public final class MicroProfileSettings implements Settings {

  private final Config config;

  public MicroProfileSettings(Config config) {
    this.config = config;
  }

  /**
   * The config of the class loader.
   *
   * @throws IllegalStateException when no MicroProfile Config implementation is present
   */
  static Settings forClassLoader(ClassLoader loader) {
    return new MicroProfileSettings(ConfigProvider.getConfig(loader));
  }

  @Override
  public Optional<String> get(String key) {
    try {
      return config.getOptionalValue(key, String.class);
    } catch (NoSuchElementException | IllegalArgumentException e) {
      // e.g. "${GROQ_API_KEY}" with the variable unset: say which key, never the value.
      throw new InvalidConfigurationException(key, null, "cannot be resolved: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code key}'s value comes from the environment. Its names there are mapped
   * ({@code INFER4J_CACHE} is listed as {@code infer4j.cache}, {@code ..._CONTEXT_LENGTH} as
   * {@code ...context.length}), so such a key may not be spelt as the setting it gives: the
   * resolver's warnings of unread keys leave it alone.
   */
  boolean fromEnvironment(String key) {
    try {
      String source = config.getConfigValue(key).getSourceName();
      return source != null && source.toLowerCase(java.util.Locale.ROOT).contains("env");
    } catch (RuntimeException e) { // an expression that does not resolve: not ours to judge here
      return false;
    }
  }

  @Override
  public Set<String> keys() {
    Set<String> keys = new HashSet<>();
    for (String name : config.getPropertyNames()) {
      keys.add(name);
    }
    return keys;
  }
}
