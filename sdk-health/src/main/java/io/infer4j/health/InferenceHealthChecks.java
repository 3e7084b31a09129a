package io.infer4j.health;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.spi.BackendHealth;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * MicroProfile Health checks of infer4j clients.
 *
 * <p>With {@code infer4j-sdk-health} in a CDI application that runs SmallRye Health (Quarkus with
 * {@code quarkus-smallrye-health}, or Weld with {@code smallrye-health}) there is nothing to write:
 * every client the container creates gets a readiness check named {@code infer4j-<instance>}, and
 * one liveness check {@code infer4j} covers them all (see the module's README). This class is for
 * an application that adds checks of its own, for instance on a MicroProfile runtime without
 * SmallRye Health's registry:
 *
 * <pre>{@code
 * @Produces @Readiness
 * HealthCheck groqReady(@Backend("groq") InferenceClient groq) {
 *   return InferenceHealthChecks.readiness(groq);
 * }
 * }</pre>
 *
 * <p>A check reads {@link InferenceClients#health}: what the backend has observed, no request is
 * sent, so a probe every few seconds costs microseconds. Its data is {@code state} ({@code up},
 * {@code down} or {@code closed}) followed by the backend's details ({@link BackendHealth}), such
 * as {@code reason}, {@code endpoints_ejected}, {@code groq.circuit_state}. Stateless and
 * thread-safe.
 */
public final class InferenceHealthChecks {

  /** The readiness check of instance {@code x} is named {@code infer4j-x}. */
  public static final String READINESS_PREFIX = "infer4j-";

  /** The name of the liveness check of all the container's clients. */
  public static final String LIVENESS_NAME = "infer4j";

  private InferenceHealthChecks() {}

  /**
   * The readiness check name of a backend instance.
   *
   * @param instance the client's instance name ({@code InferenceClient.name()})
   * @return {@value #READINESS_PREFIX} followed by {@code instance}
   * @throws NullPointerException if {@code instance} is null
   */
  public static String readinessName(String instance) {
    return READINESS_PREFIX + Objects.requireNonNull(instance, "instance");
  }

  /**
   * A readiness check of {@code client}, named after its instance ({@link #readinessName}): up
   * when the backend can serve now.
   *
   * @param client the client to check; each call of the check asks its backend's health
   * @return the readiness check
   * @throws NullPointerException if {@code client} is null
   */
  public static HealthCheck readiness(InferenceClient client) {
    Objects.requireNonNull(client, "client");
    String name = readinessName(client.name());
    return () -> response(name, InferenceClients.health(client));
  }

  /**
   * The response named {@code name} for {@code health}: up when {@link BackendHealth#isUp()}, data
   * {@code state} and the details.
   *
   * @param name the check's name
   * @param health a backend's health
   * @return the health check response
   */
  public static HealthCheckResponse response(String name, BackendHealth health) {
    HealthCheckResponseBuilder b = HealthCheckResponse.named(name)
        .status(health.isUp())
        .withData("state", health.state().name().toLowerCase(Locale.ROOT));
    for (Map.Entry<String, Object> d : health.details().entrySet()) {
      Object v = d.getValue();
      if (v instanceof Long l) {
        b.withData(d.getKey(), l);
      } else if (v instanceof Boolean flag) {
        b.withData(d.getKey(), flag);
      } else {
        b.withData(d.getKey(), (String) v);
      }
    }
    return b.build();
  }
}
