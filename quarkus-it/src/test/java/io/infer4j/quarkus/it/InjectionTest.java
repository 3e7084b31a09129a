package io.infer4j.quarkus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.cdi.Backend;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Injection in Quarkus ArC, configured by src/test/resources/application.properties (Quarkus'
 * SmallRye Config): infer4j.backend=writer, and two instances of the {@code fake} backend from
 * infer4j-sdk-testing with scripted replies.
 */
@QuarkusTest
class InjectionTest {

  private static final InferenceRequest REQUEST =
      InferenceRequest.builder().prompt("Once upon a time").build();

  @Inject InferenceClient client;
  @Inject @Backend("writer") InferenceClient writer;
  @Inject @Backend("critic") InferenceClient critic;
  @Inject @Any Instance<InferenceClient> clients;
  @Inject StoryTeller storyTeller;
  @Inject Instance<UnknownBackendUser> unknownBackendUsers;

  /** A bean that injects a backend name nothing configures. */
  @Dependent
  static class UnknownBackendUser {
    @Inject @Backend("nosuch") InferenceClient client;
  }

  @Test
  void unqualifiedClientIsTheBackendNamedByInfer4jBackend() {
    assertEquals("writer", client.name());
    assertEquals(", a robot learnt to paint.", client.generate(REQUEST).text());
  }

  @Test
  void backendQualifierInjectsTheNamedInstance() {
    assertEquals("critic", critic.name());
    assertEquals("Short and sweet.", critic.generate(REQUEST).text());
  }

  @Test
  void unqualifiedClientIsSharedWithTheQualifierOfItsName() {
    assertSame(writer, client);
  }

  @Test
  void anApplicationBeanGetsBothClientsByConstructorInjection() {
    assertEquals(
        "Once upon a time, a robot learnt to paint." + System.lineSeparator()
            + "-- critic: Short and sweet.",
        storyTeller.storyWithReview("Once upon a time"));
  }

  @Test
  void programmaticLookupWithTheLiteralFindsTheNamedClient() {
    assertSame(critic, clients.select(Backend.Literal.of("critic")).get());
  }

  @Test
  void closingAnInjectedClientLeavesTheSharedClientOpen() {
    clients.select(Backend.Literal.of("critic")).get().close();

    assertEquals("Short and sweet.", critic.generate(REQUEST).text());
  }

  @Test
  void unknownBackendNameFailsWithTheTypedErrorNamingTheKey() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> clients.select(Backend.Literal.of("nosuch")).get());

    assertEquals("infer4j.backends.nosuch.type", e.key());
    assertTrue(e.getMessage().startsWith(
        "infer4j.backends.nosuch.type (not set): no backend named 'nosuch'"), e.getMessage());
    assertTrue(e.getMessage().contains("critic (type fake)"), e.getMessage());
  }

  @Test
  void aBeanThatInjectsAnUnknownBackendNameFailsWhenItIsCreatedWithTheTypedErrorAsCause() {
    // Unlike Weld, ArC wraps what a producer throws into a field: "Error injecting ...".
    RuntimeException e = assertThrows(RuntimeException.class, unknownBackendUsers::get);

    assertTrue(e.getMessage().startsWith("Error injecting io.infer4j.InferenceClient "),
        e::toString);
    InvalidConfigurationException cause = assertInstanceOf(InvalidConfigurationException.class,
        e.getCause(), e::toString);
    assertEquals("infer4j.backends.nosuch.type", cause.key());
  }
}
