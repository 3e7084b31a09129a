package io.infer4j.cdi.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceListener;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's clients, one per backend name, created lazily from configuration and closed
 * together when the application context ends ({@link PreDestroy}).
 *
 * <p><b>Threads.</b> Safe for concurrent use. Lookups of a client that exists take no lock;
 * creation holds this registry's lock, so each name is created at most once, and a slow creation
 * (loading a model) delays only other creations.
 *
 * <p><b>Errors.</b> A failed creation ({@link io.infer4j.InvalidConfigurationException} for an
 * unknown name) is thrown to the caller and not cached. After {@link #closeAll()}, lookups fail
 * with {@link BackendUnavailableException}.
 *
 * <p><b>Listeners and events.</b> Every bean of type {@link InferenceListener.Factory} (any
 * qualifier) listens to the clients this registry creates, after those found by {@code
 * ServiceLoader}: an application registers {@code InferenceTelemetry.create(openTelemetry)} for its
 * container's clients with a producer method. Each creation then fires {@link ClientCreated}.
 */
@ApplicationScoped
public class ClientRegistry {

  private static final System.Logger LOG = System.getLogger(ClientRegistry.class.getName());

  private final ClientFactory factory;
  private final Map<String, ContainerOwnedClient> byName = new ConcurrentHashMap<>();
  private volatile ContainerOwnedClient defaultClient;
  private boolean closed; // guarded by this
  private Event<ClientCreated> createdEvents; // null outside a container
  private Instance<InferenceListener.Factory> listenerBeans; // null outside a container

  /** For the container: clients come from {@link InferenceClients#fromConfig()}. */
  public ClientRegistry() {
    this(ClientFactory.FROM_CONFIG);
  }

  ClientRegistry(ClientFactory factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** For the container: where creations are announced, and the listener beans. */
  @Inject
  void container(Event<ClientCreated> createdEvents,
      @Any Instance<InferenceListener.Factory> listenerBeans) {
    this.createdEvents = createdEvents;
    this.listenerBeans = listenerBeans;
  }

  /**
   * The client named by {@code infer4j.backend}; the same instance as {@link #client(String)} of
   * that name.
   */
  public InferenceClient defaultClient() {
    ContainerOwnedClient found = defaultClient;
    if (found != null) {
      return found;
    }
    ContainerOwnedClient made = null;
    synchronized (this) {
      ensureOpen("default");
      if (defaultClient == null) {
        // @Backend of the configured name came first: share it rather than load a model twice.
        ContainerOwnedClient shared = factory.configuredDefault().map(byName::get).orElse(null);
        if (shared == null) {
          // Created through infer4j.backend (not by name), so a bad value is reported on that key.
          InferenceClient created = factory.defaultClient();
          shared = byName.get(created.name());
          if (shared != null) {
            created.close();
          } else {
            shared = made = own(created);
            byName.put(created.name(), shared);
          }
        }
        defaultClient = shared;
      }
      found = defaultClient;
    }
    announce(made);
    return found;
  }

  /**
   * Creates the default client when the application starts, so that an unknown or misconfigured
   * {@code infer4j.backend} fails the start-up (with {@link io.infer4j.InvalidConfigurationException}
   * naming the key, the value and the available backends) rather than the first request. Does
   * nothing when {@code infer4j.backend} is not set (an application that uses only named clients).
   * Named clients are still created when first injected.
   *
   * <p>Observes {@link Startup} (CDI 4.0: after the application context is initialized, before
   * requests), ahead of application observers. Not {@code @Initialized(ApplicationScoped.class)}:
   * Quarkus fires that during static initialization, which a native image runs at build time.
   */
  void createDefaultAtStartup(
      @Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) Startup startup) {
    if (factory.configuredDefault().isPresent()) {
      defaultClient();
    }
  }

  /** The client of the named backend instance. */
  public InferenceClient client(String name) {
    Objects.requireNonNull(name, "name");
    ContainerOwnedClient found = byName.get(name);
    if (found != null) {
      return found;
    }
    ContainerOwnedClient made = null;
    synchronized (this) {
      ensureOpen(name);
      found = byName.get(name);
      if (found == null) {
        found = made = own(factory.client(name));
        byName.put(name, found);
      }
    }
    announce(made);
    return found;
  }

  /**
   * The clients created so far, by instance name in alphabetical order (a snapshot; empty once the
   * container has shut down). Creates nothing.
   */
  public Map<String, InferenceClient> clients() {
    return Collections.unmodifiableMap(new TreeMap<>(byName));
  }

  /** {@code created} with the listener beans, as the container's shared client. */
  private ContainerOwnedClient own(InferenceClient created) {
    InferenceClient listened = created;
    if (listenerBeans != null && InferenceClients.acceptsListeners(created)) {
      for (InferenceListener.Factory listener : listenerBeans) {
        listened = InferenceClients.withListener(listened, listener);
      }
    }
    return new ContainerOwnedClient(listened);
  }

  /** Fires {@link ClientCreated} for a client just created (null: none was); outside the lock. */
  private void announce(ContainerOwnedClient made) {
    if (made == null || createdEvents == null) {
      return;
    }
    try {
      createdEvents.fire(new ClientCreated(made.name(), made));
    } catch (RuntimeException e) {
      // An observer's failure (a health registry) must not fail the injection of the client.
      LOG.log(Level.WARNING, "an observer of the creation of infer4j client '" + made.name()
          + "' failed", e);
    }
  }

  /** Closes every client created so far; later lookups fail. Idempotent. */
  @PreDestroy
  void closeAll() {
    List<ContainerOwnedClient> clients;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      clients = new ArrayList<>(new LinkedHashSet<>(byName.values()));
      byName.clear();
      defaultClient = null;
    }
    for (ContainerOwnedClient client : clients) {
      try {
        client.release();
      } catch (RuntimeException e) {
        // Keep closing the others; a container ignores what @PreDestroy throws anyway.
        LOG.log(Level.WARNING, "closing infer4j client '" + client.name() + "' failed", e);
      }
    }
  }

  private void ensureOpen(String name) {
    if (closed) {
      throw new BackendUnavailableException(
          name, "the CDI container has shut down; infer4j clients are closed", false);
    }
  }
}
