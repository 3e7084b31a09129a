package io.infer4j.spi;

import io.infer4j.InvalidConfigurationException;

/**
 * Creates backends of one type. Registered in {@code
 * META-INF/services/io.infer4j.spi.BackendProvider} and found with {@link java.util.ServiceLoader};
 * discovery must have no side effects (no network, no file loading): work starts in {@link
 * #create}.
 */
public interface BackendProvider {

  /**
   * {@return the type name that configuration uses ({@code fake}, {@code lpu}, {@code gpu}, {@code
   * remote}, {@code router}): lower case letters, digits and dashes}
   */
  String name();

  /**
   * Creates a backend instance from its configuration.
   *
   * @param config the instance's name, type and settings
   * @return the backend, which the caller owns and closes
   * @throws InvalidConfigurationException naming the key and value at fault
   */
  Backend create(BackendConfig config);
}
