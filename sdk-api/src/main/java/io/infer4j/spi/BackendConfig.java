package io.infer4j.spi;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.internal.ConfigValues;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of one configured backend instance: the keys under {@code
 * infer4j.backends.<instance>.}, read from MicroProfile Config (or system properties and
 * environment variables without it), plus the global {@code infer4j.model}.
 *
 * <p>Typed getters fail with {@link InvalidConfigurationException} naming the full key and the bad
 * value. Immutable and thread-safe.
 */
public final class BackendConfig {

  /** Prefix of every per-instance key. */
  public static final String BACKENDS_PREFIX = "infer4j.backends.";

  /** The global default model key. */
  public static final String MODEL_KEY = "infer4j.model";

  /**
   * The logger (a {@link System.Logger} name) of the warnings that a configured instance key was
   * never read while a client's backends were created, a misspelt key ({@code
   * infer4j.backends.gpu.kernal}) or a setting the backend's type does not have, and that a
   * global key of one segment is none infer4j has ({@code infer4j.bakend}). They name the key,
   * never its value.
   */
  public static final String UNREAD_KEYS_LOGGER = "io.infer4j.config";

  private final String instanceName;
  private final String type;
  private final Function<String, Optional<String>> lookup;

  private BackendConfig(String instanceName, String type, Function<String, Optional<String>> lookup) {
    this.instanceName = Objects.requireNonNull(instanceName, "instanceName");
    this.type = Objects.requireNonNull(type, "type");
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  /**
   * {@return a configuration read through {@code lookup}, which takes full keys ({@code
   * infer4j.backends.sim.chips})} A backend made of other instances (the router) creates them
   * through {@link CompositeBackendProvider}, not through its configuration.
   *
   * @param instanceName the configured instance name, the {@code <instance>} of its keys
   * @param type the provider type ({@code lpu}, {@code remote})
   * @param lookup the value of a full key, empty when unset
   * @throws NullPointerException if an argument is {@code null}
   */
  public static BackendConfig of(
      String instanceName, String type, Function<String, Optional<String>> lookup) {
    return new BackendConfig(instanceName, type, lookup);
  }

  /**
   * {@return a configuration from a map of per-instance keys ({@code chips -> 8}), for plain Java
   * and tests}
   *
   * @param instanceName the configured instance name, the {@code <instance>} of its keys
   * @param type the provider type ({@code lpu}, {@code remote})
   * @param settings per-instance keys without the prefix, to values; full keys are read as is
   * @throws NullPointerException if an argument is {@code null}
   */
  public static BackendConfig ofMap(String instanceName, String type, Map<String, String> settings) {
    Map<String, String> copy = Map.copyOf(settings);
    String prefix = BACKENDS_PREFIX + instanceName + ".";
    return new BackendConfig(
        instanceName,
        type,
        key -> key.startsWith(prefix)
            ? Optional.ofNullable(copy.get(key.substring(prefix.length())))
            : Optional.ofNullable(copy.get(key)));
  }

  /** {@return the configured instance name ({@code sim}, {@code groq})} */
  public String instanceName() {
    return instanceName;
  }

  /** {@return the provider type ({@code lpu}, {@code remote})} */
  public String type() {
    return type;
  }

  /**
   * {@return the full key of a per-instance setting: {@code infer4j.backends.<instance>.<key>}}
   *
   * @param key the per-instance key, without the {@code infer4j.backends.<instance>.} prefix
   */
  public String fullKey(String key) {
    return BACKENDS_PREFIX + instanceName + "." + key;
  }

  /**
   * {@return a per-instance setting, if set (blank values count as unset)}
   *
   * @param key the per-instance key, without the {@code infer4j.backends.<instance>.} prefix
   */
  public Optional<String> get(String key) {
    return lookup.apply(fullKey(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /**
   * {@return a per-instance setting that must be present}
   *
   * @param key the per-instance key, without the {@code infer4j.backends.<instance>.} prefix
   * @throws InvalidConfigurationException if the key is unset or blank
   */
  public String require(String key) {
    return get(key)
        .orElseThrow(
            () -> new InvalidConfigurationException(
                fullKey(key), null, "required by backend type '" + type + "'"));
  }

  /**
   * {@return a per-instance setting, trimmed, or {@code defaultValue} when unset or blank}
   *
   * @param key the per-instance key, without the {@code infer4j.backends.<instance>.} prefix
   * @param defaultValue the value when unset; may be {@code null}
   */
  public String getString(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  /**
   * {@return a per-instance setting read as an integer; {@code defaultValue} when unset or blank}
   *
   * @param key the per-instance key, without the {@code infer4j.backends.<instance>.} prefix
   * @param defaultValue the value when unset
   * @throws InvalidConfigurationException naming the full key and the value when it does not parse
   */
  public int getInt(String key, int defaultValue) {
    return get(key).map(v -> ConfigValues.parseInt(fullKey(key), v)).orElse(defaultValue);
  }

  /**
   * {@return a per-instance setting read as a long integer, or {@code defaultValue} when unset
   * or blank}
   *
   * @param key the per-instance key, without the {@code infer4j.backends.<instance>.} prefix
   * @param defaultValue the value when unset
   * @throws InvalidConfigurationException naming the full key and the value when it does not parse
   */
  public long getLong(String key, long defaultValue) {
    return get(key).map(v -> ConfigValues.parseLong(fullKey(key), v)).orElse(defaultValue);
  }

  /**
   * {@return a per-instance setting read as a decimal number, or {@code defaultValue} when unset
   * or blank}
   *
   * @param key the per-instance key, without the {@code infer4j.backends.<instance>.} prefix
   * @param defaultValue the value when unset
   * @throws InvalidConfigurationException naming the full key and the value when it does not parse
   */
  public double getDouble(String key, double defaultValue) {
    return get(key).map(v -> ConfigValues.parseDouble(fullKey(key), v)).orElse(defaultValue);
  }

  /**
   * {@return a per-instance setting, {@code true} or {@code false}, or {@code defaultValue} when
   * unset or blank}
   *
   * @param key the per-instance key, without the {@code infer4j.backends.<instance>.} prefix
   * @param defaultValue the value when unset
   * @throws InvalidConfigurationException naming the full key and the value when it does not parse
   */
  public boolean getBoolean(String key, boolean defaultValue) {
    return get(key).map(v -> ConfigValues.parseBoolean(fullKey(key), v)).orElse(defaultValue);
  }

  /**
   * {@return a duration such as {@code 200ms}, {@code 1.5s}, {@code 2m}, {@code 750us} or ISO-8601 {@code
   * PT0.2S}; a bare number is rejected because its unit would be a guess}
   *
   * @param key the per-instance key, without the {@code infer4j.backends.<instance>.} prefix
   * @param defaultValue the value when unset; may be {@code null}
   * @throws InvalidConfigurationException naming the full key and the value when it does not parse
   */
  public Duration getDuration(String key, Duration defaultValue) {
    return get(key).map(v -> ConfigValues.parseDuration(fullKey(key), v)).orElse(defaultValue);
  }

  /**
   * {@return a comma-separated list, trimmed, without empty entries}
   *
   * @param key the per-instance key, without the {@code infer4j.backends.<instance>.} prefix
   */
  public List<String> getList(String key) {
    return get(key)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /**
   * {@return a global key (not under this instance), e.g. {@code infer4j.router.backends}}
   *
   * @param fullKey the whole key, read as is
   */
  public Optional<String> getGlobal(String fullKey) {
    return lookup.apply(fullKey).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** {@return the model: this instance's {@code model} key, else the global {@code infer4j.model}} */
  public Optional<String> model() {
    return get("model").or(() -> getGlobal(MODEL_KEY));
  }

  @Override
  public String toString() {
    return "BackendConfig[" + instanceName + " (type " + type + ")]";
  }
}
