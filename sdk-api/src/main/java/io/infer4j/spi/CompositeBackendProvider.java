package io.infer4j.spi;

import io.infer4j.InvalidConfigurationException;

/**
 * A provider whose backends are made of other configured backend instances: the router routes
 * among them, the recorder records the one it wraps. The SDK hands it the means to create those
 * instances ({@link Members}); a plain {@link BackendProvider} never sees them, and {@link
 * BackendConfig} holds settings only.
 */
public interface CompositeBackendProvider extends BackendProvider {

  /**
   * Creates a backend from its configuration and the instances it names, each created with {@code
   * members} as configured. The backend owns what it creates and closes it; when creation fails,
   * the provider closes what it had created.
   *
   * @param config the instance's name, type and settings
   * @param members creates the instances the configuration names
   * @return the backend, which the caller owns and closes
   * @throws InvalidConfigurationException naming the key and value at fault
   */
  Backend create(BackendConfig config, Members members);

  /**
   * Without a way to create other instances (a configuration from a plain map, a test), every
   * instance asked for fails with {@link InvalidConfigurationException}.
   */
  @Override
  default Backend create(BackendConfig config) {
    return create(config, (name, listedByKey) -> {
      throw new InvalidConfigurationException(listedByKey != null ? listedByKey : config.fullKey("*"),
          name, "backend '" + name + "' cannot be created from a plain map");
    });
  }

  /** Creates the other configured backend instances a composite backend is made of. */
  @FunctionalInterface
  interface Members {

    /**
     * Creates the configured instance {@code instanceName}; the caller owns it and must close it.
     *
     * @param instanceName the configured instance name, the {@code <name>} of {@code
     *     infer4j.backends.<name>}
     * @param listedByKey the full key whose value named the instance (e.g. {@code
     *     infer4j.router.backends}), so an unknown name is reported against it; or {@code null}
     * @return the backend
     * @throws InvalidConfigurationException when the instance is unknown or misconfigured
     */
    Backend create(String instanceName, String listedByKey);
  }
}
