package io.infer4j.spi;

import io.infer4j.InferenceListener;

/**
 * A source of {@link InferenceListener}s found by {@code ServiceLoader} (a module such as {@code
 * infer4j-opentelemetry} registers one in {@code META-INF/services/io.infer4j.spi.ListenerProvider}).
 * Every provider found listens to the clients made from configuration, unless {@code
 * infer4j.listeners} names the ones to use ({@code none} for none).
 */
public interface ListenerProvider {

  /** {@return the name {@code infer4j.listeners} uses, e.g. {@code opentelemetry}} */
  String name();

  /** {@return the factory of per-request listeners; called once per client} */
  InferenceListener.Factory factory();

  /**
   * The factory of per-request listeners for a client made from {@code settings} (its properties
   * map, or the configuration), for listeners that describe the client's backends from their keys
   * (OpenTelemetry's {@code gen_ai.provider.name} from an instance's {@code type} and {@code
   * preset}); called once per client. By default {@link #factory()}.
   *
   * @param settings the configuration the client was made from
   * @return the factory
   */
  default InferenceListener.Factory factory(Settings settings) {
    return factory();
  }
}
