package io.infer4j.health.internal;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.cdi.internal.ClientRegistry;
import io.infer4j.health.InferenceHealthChecks;
import io.infer4j.spi.BackendHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * The liveness check {@code infer4j}: down when a client the container created is {@code CLOSED}
 * (closed while the application runs, or its in-process model released), since only a restart
 * brings it back; a backend that is merely down (ejected endpoints, a rate-limit window, open
 * circuits) recovers by itself and is left to readiness. Data: each client's state under its
 * instance name, and {@code <instance>.reason} when it is not up. Creates no client.
 */
@Liveness
@ApplicationScoped
public class ClientsLiveness implements HealthCheck {

  private ClientRegistry clients;

  /** For the container. */
  public ClientsLiveness() {}

  @Inject
  void clients(ClientRegistry clients) {
    this.clients = clients;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named(InferenceHealthChecks.LIVENESS_NAME);
    boolean live = true;
    for (Map.Entry<String, InferenceClient> c : clients.clients().entrySet()) {
      BackendHealth h = InferenceClients.health(c.getValue());
      live &= h.isLive();
      b.withData(c.getKey(), h.state().name().toLowerCase(Locale.ROOT));
      h.reason().ifPresent(why -> b.withData(c.getKey() + ".reason", why));
    }
    return b.status(live).build();
  }
}
