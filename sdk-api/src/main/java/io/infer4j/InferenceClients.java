package io.infer4j;

import io.infer4j.DelegatingClient;
import io.infer4j.internal.BackendClient;
import io.infer4j.internal.BackendResolver;
import io.infer4j.internal.MicroProfileSettings;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendHealth;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Settings;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Where clients come from.
 *
 * <p>From configuration: {@code infer4j.backend} names the backend ({@code fake}, {@code lpu},
 * {@code remote}, {@code router}, or a configured instance such as {@code groq} with {@code
 * infer4j.backends.groq.type=remote}). Values come from MicroProfile Config when an
 * implementation is present ({@code META-INF/microprofile-config.properties}, system properties,
 * environment variables such as {@code INFER4J_BACKEND}), else from system properties and the
 * environment directly; a {@code META-INF/microprofile-config.properties} is then not read, and
 * the error for a missing backend says so and names the dependency to add.
 *
 * <p>Every method creates a new client that the caller owns and must close. An unknown or
 * misconfigured backend fails here, with {@link InvalidConfigurationException} naming the key,
 * the bad value and the available backends.
 */
public final class InferenceClients {

  /** The configuration key that chooses the default backend. */
  public static final String BACKEND_KEY = BackendResolver.BACKEND_KEY;

  private InferenceClients() {}

  /** {@return the backend named by {@code infer4j.backend}, from the current configuration} */
  public static InferenceClient fromConfig() {
    return resolver(Settings.detect(contextLoader())).defaultClient();
  }

  /**
   * {@return the named backend instance, from the current configuration: a configured instance ({@code
   * infer4j.backends.<name>.type}) or, without a type key, the provider of that name} An unknown
   * name fails naming the key that would configure it, {@code infer4j.backends.<name>.type}.
   *
   * @param instanceName the {@code <name>} of {@code infer4j.backends.<name>}, or a provider type
   * @throws NullPointerException if {@code instanceName} is {@code null}
   * @throws InvalidConfigurationException if the backend is unknown or misconfigured
   */
  public static InferenceClient fromConfig(String instanceName) {
    Objects.requireNonNull(instanceName, "instanceName");
    return resolver(Settings.detect(contextLoader())).client(instanceName);
  }

  /**
   * {@return the backend named by {@code infer4j.backend} in the given MicroProfile config}
   *
   * @param config the configuration to read the {@code infer4j.*} keys from
   * @throws InvalidConfigurationException if the backend is unknown or misconfigured
   */
  public static InferenceClient fromConfig(Config config) {
    return resolver(new MicroProfileSettings(config)).defaultClient();
  }

  /**
   * {@return the named backend instance in the given MicroProfile config}
   *
   * @param config the configuration to read the {@code infer4j.*} keys from
   * @param instanceName the {@code <name>} of {@code infer4j.backends.<name>}, or a provider type
   * @throws InvalidConfigurationException if the backend is unknown or misconfigured
   */
  public static InferenceClient fromConfig(Config config, String instanceName) {
    return resolver(new MicroProfileSettings(config)).client(instanceName);
  }

  /**
   * {@return a client from a map of full keys ({@code infer4j.backend}, {@code infer4j.backends.x.type},
   * ...), bypassing every other source}
   *
   * @param properties the configuration, full keys to values
   * @throws InvalidConfigurationException if the backend is unknown or misconfigured
   */
  public static InferenceClient fromProperties(Map<String, String> properties) {
    return resolver(Settings.of(properties)).defaultClient();
  }

  /**
   * {@return a client of one provider type in plain Java, with per-instance settings given without the
   * prefix ({@code chips -> 8})} The instance is named after the type.
   *
   * @param type the provider type ({@code lpu}, {@code remote}, ...)
   * @param settings the instance's settings, keys without the {@code infer4j.backends.<name>.}
   *     prefix
   * @throws NullPointerException if {@code type} or {@code settings} is {@code null}
   * @throws InvalidConfigurationException if the backend is unknown or misconfigured
   */
  public static InferenceClient create(String type, Map<String, String> settings) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(settings, "settings");
    return BackendResolver.ofType(type, settings, contextLoader());
  }

  /**
   * {@return whether {@code name} can name a backend instance (the {@code x} of {@code
   * infer4j.backends.x.type}): letters, digits, '-' and '_', starting with a letter or digit}
   *
   * @param name the candidate; {@code null} is not valid
   */
  public static boolean isValidInstanceName(String name) {
    return name != null && BackendResolver.isValidName(name);
  }

  /**
   * {@return a client over a backend instance you built yourself (tests, custom backends)}
   *
   * @param name the instance name the client reports ({@link InferenceResponse#backend()})
   * @param backend the backend; the client owns it and closes it when closed
   */
  public static InferenceClient of(String name, Backend backend) {
    return new BackendClient(name, backend);
  }

  /**
   * {@code client} with one more listener of its requests ({@link InferenceListener}). The result
   * shares the client's backend and state: use it instead of {@code client}, and close either (it
   * closes both).
   *
   * @throws IllegalArgumentException when {@code client} is not one this SDK made (a mock, a wrapper
   *     of your own), which cannot report its attempts, or is shared by a container (CDI), which
   *     the caller must not close: register an {@link io.infer4j.spi.ListenerProvider} instead
   * @param client a client this SDK made, which the caller owns
   * @param factory makes the listener of each request
   * @return the client with the listener
   * @throws NullPointerException if {@code client} or {@code factory} is {@code null}
   */
  public static InferenceClient withListener(InferenceClient client, InferenceListener.Factory factory) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(factory, "factory");
    if (!acceptsListeners(client)) {
      throw new IllegalArgumentException("not a client this SDK made for the caller to own: " + client
          + (client instanceof DelegatingClient
              ? " (a container's shared client: register a ListenerProvider instead)" : ""));
    }
    return ((BackendClient) client).withListener(factory);
  }

  /**
   * {@return whether {@link #withListener} accepts {@code client}: a client this SDK made for the caller
   * to own (not a mock, a wrapper of your own or a container's shared client)}
   *
   * @param client any client
   */
  public static boolean acceptsListeners(InferenceClient client) {
    return client instanceof BackendClient;
  }

  /**
   * {@return the instance name that {@code infer4j.backend} chooses in the current configuration, without
   * creating anything; empty when the key is not set}
   */
  public static java.util.Optional<String> configuredBackend() {
    return Settings.detect(contextLoader()).get(BACKEND_KEY).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** {@return the provider type names found on the class path, sorted (providers that fail to load are left out)} */
  public static List<String> availableProviders() {
    return List.copyOf(new BackendResolver(Settings.of(Map.of()), contextLoader()).providerNames());
  }

  /**
   * {@return what the backend behind {@code client} can do, so that a caller can tell before sending a
   * request (a chat to a model without a chat template, say); for a router, what any of its
   * backends can do} Empty when {@code client} is not one this SDK made (a mock, a wrapper of
   * your own) or its backend declares nothing: then only a request tells.
   *
   * @param client any client
   * @throws NullPointerException if {@code client} is {@code null}
   */
  public static Set<Capability> capabilities(InferenceClient client) {
    Objects.requireNonNull(client, "client");
    while (client instanceof DelegatingClient) {
      client = ((DelegatingClient) client).delegate();
    }
    if (client instanceof BackendClient) {
      return Set.copyOf(((BackendClient) client).backend().capabilities());
    }
    return Set.of();
  }

  /**
   * {@return how the backend behind {@code client} is doing now, from what it has observed (recent
   * failures, rate-limit headers, circuit breakers, whether its model is loaded), without sending
   * anything: for a readiness or liveness check ({@code infer4j-sdk-health} makes them for CDI
   * containers) or a status page} {@code CLOSED} once the client is closed; for a router, up while
   * any of its backends is eligible, with each one's state under its name (see {@link
   * BackendHealth}). A backend whose check throws is reported {@code DOWN} with the failure as the
   * reason. {@link BackendHealth#up()} when {@code client} is not one this SDK made (a mock, a
   * wrapper of your own): then only a request tells.
   *
   * @param client any client
   * @throws NullPointerException if {@code client} is {@code null}
   */
  public static BackendHealth health(InferenceClient client) {
    Objects.requireNonNull(client, "client");
    while (client instanceof DelegatingClient) {
      client = ((DelegatingClient) client).delegate();
    }
    if (client instanceof BackendClient) {
      return ((BackendClient) client).health();
    }
    return BackendHealth.up();
  }

  private static BackendResolver resolver(Settings settings) {
    return new BackendResolver(settings, contextLoader());
  }

  private static ClassLoader contextLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : InferenceClients.class.getClassLoader();
  }
}
