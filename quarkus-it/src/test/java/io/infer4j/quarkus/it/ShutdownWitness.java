package io.infer4j.quarkus.it;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.cdi.Backend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Takes the default and the {@code critic} client at start-up and, once the application context
 * has been destroyed (where infer4j's registry closes its clients), prints what a request on each
 * does. {@code @Singleton}, so it outlives the application context. Read by {@link StoryAppTest}.
 */
@Singleton
public class ShutdownWitness {

  static final String PREFIX = "after the application context ended: ";

  private final InferenceClient writer;
  private final InferenceClient critic;

  @Inject
  ShutdownWitness(InferenceClient writer, @Backend("critic") InferenceClient critic) {
    this.writer = writer;
    this.critic = critic;
  }

  /** Creates this bean, and so takes the clients, while the application starts. */
  void onStart(@Observes Startup event) {}

  /** Only if this bean exists, so that a failed start does not create it (and fail again). */
  void afterApplicationContext(@Observes(notifyObserver = Reception.IF_EXISTS)
      @Destroyed(ApplicationScoped.class) Object event) {
    InferenceRequest request = InferenceRequest.builder().prompt("still there?").build();
    for (InferenceClient client : List.of(writer, critic)) {
      try {
        System.out.println(PREFIX + "answered " + client.generate(request).text());
      } catch (InferenceException e) {
        System.out.println(PREFIX + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
