package io.infer4j.cdi.internal;

import io.infer4j.InferenceClient;
import io.infer4j.cdi.Backend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import java.lang.annotation.Annotation;

/**
 * Producer methods for {@link InferenceClient}: the unqualified one and {@link Backend @Backend}
 * named ones. They are {@code @Dependent} so that one producer serves every name (read from the
 * injection point), and they return the {@link ClientRegistry}'s shared clients, which the
 * registry closes; there is no disposer. Stateless and thread-safe.
 */
@ApplicationScoped
public class ClientProducers {

  /** For the container. */
  public ClientProducers() {}

  @Produces
  @Dependent
  InferenceClient defaultClient(ClientRegistry registry) {
    return registry.defaultClient();
  }

  @Produces
  @Dependent
  @Backend("")
  InferenceClient namedClient(InjectionPoint injectionPoint, ClientRegistry registry) {
    return registry.client(backendName(injectionPoint));
  }

  private static String backendName(InjectionPoint injectionPoint) {
    if (injectionPoint != null) {
      for (Annotation qualifier : injectionPoint.getQualifiers()) {
        if (qualifier instanceof Backend backend) {
          return backend.value();
        }
      }
    }
    // The container resolved @Backend to this producer, so it must be on the injection point.
    throw new IllegalStateException(
        "no @Backend qualifier on the injection point " + injectionPoint
            + "; inject with @Backend(\"name\") or select Backend.Literal.of(\"name\")");
  }
}
