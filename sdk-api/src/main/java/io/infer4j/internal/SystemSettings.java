package io.infer4j.internal;

import io.infer4j.spi.Settings;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * System properties first, then environment variables, looked up the way MicroProfile Config maps
 * names: the exact name, then non-alphanumerics replaced by {@code _}, then that in upper case
 * ({@code infer4j.backend} is found as {@code INFER4J_BACKEND}). Not API.
 */
final class SystemSettings implements Settings {

  private final Properties properties;
  private final Map<String, String> environment;
  private final Optional<String> unreadSourceNote;

  SystemSettings(Properties properties, Map<String, String> environment) {
    this(properties, environment, Optional.empty());
  }

  /**
   * @param unreadSourceNote what {@link #unreadSourceNote()} reports: a configuration file on the
   *     class path that this source does not read, if any
   */
  SystemSettings(
      Properties properties, Map<String, String> environment, Optional<String> unreadSourceNote) {
    this.properties = properties;
    this.environment = environment;
    this.unreadSourceNote = unreadSourceNote;
  }

  @Override
  public Optional<String> unreadSourceNote() {
    return unreadSourceNote;
  }

  @Override
  public Optional<String> get(String key) {
    String v = properties.getProperty(key);
    if (v != null) {
      return Optional.of(v);
    }
    v = environment.get(key);
    if (v != null) {
      return Optional.of(v);
    }
    String sanitized = key.replaceAll("[^A-Za-z0-9]", "_");
    v = environment.get(sanitized);
    if (v != null) {
      return Optional.of(v);
    }
    return Optional.ofNullable(environment.get(sanitized.toUpperCase(Locale.ROOT)));
  }

  @Override
  public Set<String> keys() {
    Set<String> keys = new HashSet<>(properties.stringPropertyNames());
    for (String env : environment.keySet()) {
      // INFER4J_BACKENDS_SIM_TYPE -> infer4j.backends.sim.type (for listing instances only)
      if (env.startsWith("INFER4J_BACKENDS_") && env.endsWith("_TYPE")) {
        String instance = env.substring("INFER4J_BACKENDS_".length(), env.length() - "_TYPE".length());
        keys.add("infer4j.backends." + instance.toLowerCase(Locale.ROOT) + ".type");
      }
    }
    return keys;
  }
}
