package io.infer4j.health.internal;

import io.infer4j.cdi.internal.ClientCreated;
import io.infer4j.health.InferenceHealthChecks;
import io.smallrye.health.api.HealthRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.health.Readiness;

/**
 * Registers a readiness check {@code infer4j-<instance>} for each client the container creates
 * ({@link ClientCreated}: the default one at start-up, a named one on its first injection) in
 * SmallRye Health's readiness {@link HealthRegistry}, and removes them when the application
 * context ends. A fixed set of {@code @Readiness} beans cannot name one check per instance, since
 * the instances are known only at run time; the registry, a SmallRye Health API that Quarkus and
 * SmallRye Health in Weld both provide, can.
 *
 * <p>Thread-safe: registrations hold this bean's lock (the registry itself is not thread-safe).
 */
@ApplicationScoped
public class InstanceReadiness {

  private static final System.Logger LOG = System.getLogger(InstanceReadiness.class.getName());

  private HealthRegistry registry;
  private final Set<String> registered = new LinkedHashSet<>(); // guarded by this

  /** For the container. */
  public InstanceReadiness() {}

  @Inject
  void registry(@Readiness HealthRegistry registry) {
    this.registry = registry;
  }

  /** Registers the readiness check of a client just created. */
  synchronized void onCreated(@Observes ClientCreated created) {
    String name = InferenceHealthChecks.readinessName(created.name());
    registry.register(name, InferenceHealthChecks.readiness(created.client()));
    registered.add(name);
  }

  /**
   * Removes this application's checks from the registry, which SmallRye Health keeps in a static
   * field: a later application in the same JVM (tests, Quarkus dev mode) must not see them.
   */
  @PreDestroy
  synchronized void removeAll() {
    for (String name : registered) {
      try {
        registry.remove(name);
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "readiness check " + name + " was already removed", e);
      }
    }
    registered.clear();
  }
}
