package io.infer4j.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.cdi.TestBeans.AlphaUser;
import io.infer4j.cdi.TestBeans.DefaultUser;
import io.infer4j.cdi.TestBeans.LazyUnknownUser;
import io.infer4j.cdi.TestBeans.LookupUser;
import io.infer4j.cdi.TestBeans.SecondUser;
import io.infer4j.cdi.TestBeans.UnknownUser;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * Injection in Weld SE, configured by src/test/resources/META-INF/microprofile-config.properties
 * through SmallRye Config: infer4j.backend=alpha, infer4j.backends.second.type=beta.
 */
class ClientInjectionTest {

  private static final InferenceRequest THREE_TOKENS =
      InferenceRequest.builder().prompt("hi").maxTokens(3).build();
  private static final InferenceRequest ONE_TOKEN =
      InferenceRequest.builder().prompt("hi").maxTokens(1).build();

  @Test
  void unqualifiedClientIsTheBackendNamedByInfer4jBackend() {
    try (WeldContainer weld = WeldContainers.start(DefaultUser.class)) {
      InferenceClient client = weld.select(DefaultUser.class).get().client;

      assertEquals("alpha", client.name());
      assertEquals("alpha0 alpha1 alpha2", client.generate(THREE_TOKENS).text());
    }
  }

  @Test
  void backendQualifierInjectsTheNamedInstance() {
    try (WeldContainer weld = WeldContainers.start(SecondUser.class)) {
      InferenceClient client = weld.select(SecondUser.class).get().client;

      assertEquals("second", client.name());
      assertEquals("second0 second1 second2", client.generate(THREE_TOKENS).text());
    }
  }

  @Test
  void injectionPointsWithTheSameNameShareOneClient() {
    try (WeldContainer weld = WeldContainers.start(DefaultUser.class, SecondUser.class)) {
      assertSame(weld.select(DefaultUser.class).get().client,
          weld.select(DefaultUser.class).get().client);
      assertSame(weld.select(SecondUser.class).get().client,
          weld.select(SecondUser.class).get().client);
    }
  }

  @Test
  void unqualifiedClientIsSharedWithTheQualifierOfItsName() {
    try (WeldContainer weld = WeldContainers.start(DefaultUser.class, AlphaUser.class)) {
      InferenceClient named = weld.select(AlphaUser.class).get().client;

      assertSame(named, weld.select(DefaultUser.class).get().client);
    }
  }

  @Test
  void programmaticLookupWithTheLiteralFindsTheNamedClient() {
    try (WeldContainer weld = WeldContainers.start(LookupUser.class, SecondUser.class)) {
      InferenceClient looked = weld.select(LookupUser.class).get()
          .clients.select(Backend.Literal.of("second")).get();

      assertEquals("second0", looked.generate(ONE_TOKEN).text());
      assertSame(weld.select(SecondUser.class).get().client, looked);
    }
  }

  @Test
  void lookupThroughTheContainerWithTheLiteralFindsTheNamedClient() {
    try (WeldContainer weld = WeldContainers.start(SecondUser.class)) {
      InferenceClient looked =
          weld.select(InferenceClient.class, Backend.Literal.of("second")).get();

      assertEquals("second0", looked.generate(ONE_TOKEN).text());
      assertSame(weld.select(SecondUser.class).get().client, looked);
    }
  }

  @Test
  void closingAnInjectedClientLeavesTheSharedClientOpen() {
    try (WeldContainer weld = WeldContainers.start(DefaultUser.class)) {
      weld.select(DefaultUser.class).get().client.close();

      InferenceClient other = weld.select(DefaultUser.class).get().client;
      assertEquals("alpha0", other.generate(ONE_TOKEN).text());
    }
  }

  @Test
  void containerShutdownClosesTheClients() {
    InferenceClient defaultClient;
    InferenceClient second;
    try (WeldContainer weld = WeldContainers.start(DefaultUser.class, SecondUser.class)) {
      defaultClient = weld.select(DefaultUser.class).get().client;
      second = weld.select(SecondUser.class).get().client;
    }

    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> defaultClient.generate(THREE_TOKENS));
    assertEquals("alpha", e.backend());
    assertThrows(BackendUnavailableException.class, () -> second.generate(THREE_TOKENS));
  }

  @Test
  void unknownBackendNameFailsWithTheTypedErrorNamingIt() {
    try (WeldContainer weld = WeldContainers.start(UnknownUser.class)) {
      InvalidConfigurationException e = assertThrows(
          InvalidConfigurationException.class, () -> weld.select(UnknownUser.class).get());

      // @Backend("nosuch") is not the value of infer4j.backend: the key to set is the type key.
      assertEquals("infer4j.backends.nosuch.type", e.key());
      assertEquals(null, e.value());
      assertTrue(e.getMessage().startsWith(
          "infer4j.backends.nosuch.type (not set): no backend named 'nosuch'"), e.getMessage());
      assertTrue(e.getMessage().contains("alpha, beta"), e.getMessage());
      assertTrue(e.getMessage().contains("second (type beta)"), e.getMessage());
    }
  }

  @Test
  void unknownBackendNameInANormalScopedBeanFailsOnItsFirstUse() {
    try (WeldContainer weld = WeldContainers.start(LazyUnknownUser.class)) {
      LazyUnknownUser user = weld.select(LazyUnknownUser.class).get();

      InvalidConfigurationException e =
          assertThrows(InvalidConfigurationException.class, user::clientName);
      assertEquals("infer4j.backends.nosuch.type", e.key());
    }
  }
}
