package io.infer4j.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceListener;
import io.infer4j.InferenceRequest;
import io.infer4j.cdi.TestBeans.DefaultUser;
import io.infer4j.cdi.TestBeans.SecondUser;
import io.infer4j.cdi.internal.ClientCreated;
import io.infer4j.cdi.internal.ClientRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * What the container adds to its clients in Weld SE: the application's {@link
 * InferenceListener.Factory} beans listen to every client, and each creation fires {@link
 * ClientCreated}.
 */
class ContainerListenersTest {

  private static final InferenceRequest ONE_TOKEN =
      InferenceRequest.builder().prompt("hi").maxTokens(1).build();

  /** Produces a listener factory, as an application does for its OpenTelemetry. */
  @ApplicationScoped
  static class ListenerProducer {
    static final List<String> HEARD = new CopyOnWriteArrayList<>();

    @Produces
    @Singleton
    InferenceListener.Factory listener() {
      return call -> {
        HEARD.add(call.client());
        return InferenceListener.NONE;
      };
    }
  }

  /** Records the creations it observes. */
  @ApplicationScoped
  static class CreationWitness {
    private final List<String> created = new CopyOnWriteArrayList<>();

    void onCreated(@Observes ClientCreated event) {
      created.add(event.name() + "=" + event.client().name());
    }

    /** Through the container's proxy: a field read would see the proxy's own. */
    List<String> created() {
      return List.copyOf(created);
    }
  }

  @Test
  void aListenerFactoryBeanListensToEveryClientOfTheContainer() {
    ListenerProducer.HEARD.clear();
    try (WeldContainer weld =
        WeldContainers.start(ListenerProducer.class, DefaultUser.class, SecondUser.class)) {
      weld.select(DefaultUser.class).get().client.generate(ONE_TOKEN);
      weld.select(SecondUser.class).get().client.generate(ONE_TOKEN);
      weld.select(SecondUser.class).get().client.generate(ONE_TOKEN);

      assertEquals(List.of("alpha", "second", "second"), ListenerProducer.HEARD);
    }
  }

  @Test
  void eachCreationIsAnnouncedOnceTheDefaultAtStartUp() {
    try (WeldContainer weld =
        WeldContainers.start(CreationWitness.class, DefaultUser.class, SecondUser.class)) {
      CreationWitness witness = weld.select(CreationWitness.class).get();
      assertEquals(List.of("alpha=alpha"), witness.created(), "infer4j.backend=alpha, at start-up");

      InferenceClient second = weld.select(SecondUser.class).get().client;
      weld.select(SecondUser.class).get();
      weld.select(DefaultUser.class).get();

      assertEquals(List.of("alpha=alpha", "second=second"), witness.created());
      Map<String, InferenceClient> clients = weld.select(ClientRegistry.class).get().clients();
      assertEquals(List.of("alpha", "second"), List.copyOf(clients.keySet()));
      assertSame(second, clients.get("second"));
    }
  }
}
