package io.infer4j.spi;

import io.infer4j.internal.SettingsSources;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where configuration values come from: MicroProfile Config when an implementation is on the
 * class path, else system properties and environment variables with MicroProfile's name mapping.
 * For backends and listener providers that read keys of their own (SPI).
 */
public interface Settings {

  /**
   * {@return the value of a full key, if set}
   *
   * @param key the full key ({@code infer4j.backend})
   */
  Optional<String> get(String key);

  /**
   * {@return every key this source can name: to list configured instances in messages, and to warn
   * of instance keys a backend never read}
   */
  Set<String> keys();

  /**
   * {@return why a key that is missing here may be set somewhere this source does not read, as one
   * clause for an error message (for instance a MicroProfile Config file without an
   * implementation to read it); empty when there is nothing to say}
   */
  default Optional<String> unreadSourceNote() {
    return Optional.empty();
  }

  /**
   * {@return MicroProfile Config for {@code loader} if an implementation is available, otherwise
   * system properties and environment variables}
   *
   * @param loader the class loader to look for a MicroProfile Config implementation in
   */
  static Settings detect(ClassLoader loader) {
    return SettingsSources.detect(loader);
  }

  /**
   * {@return a fixed map of full keys}
   *
   * @param values full keys to values; copied
   * @throws NullPointerException if {@code values}, a key or a value is {@code null}
   */
  static Settings of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return new Settings() {
      @Override
      public Optional<String> get(String key) {
        return Optional.ofNullable(copy.get(key));
      }

      @Override
      public Set<String> keys() {
        return copy.keySet();
      }
    };
  }
}
