package io.infer4j.internal.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.RouteDecision;
import io.infer4j.Routing;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The router configured by keys, over the sdk-api test providers "alpha" and "beta" (which
 * answer "name0 name1 ..." and give no estimate, so the priors decide).
 */
class RouterProviderTest {

  private static final InferenceRequest HI = InferenceRequest.builder().prompt("hi").maxTokens(2)
      .timeToFirstTokenBudget(Duration.ofSeconds(1)).build();

  private static Map<String, String> config() {
    Map<String, String> m = new HashMap<>();
    m.put("infer4j.backend", "router");
    m.put("infer4j.router.backends", "far,near");
    m.put("infer4j.backends.far.type", "alpha");
    m.put("infer4j.backends.far.prior-ttft", "5s");
    m.put("infer4j.backends.near.type", "beta");
    m.put("infer4j.backends.near.prior-ttft", "50ms");
    m.put("infer4j.backends.near.prior-per-token", "1ms");
    return m;
  }

  @Test
  void theRouterServesFromTheInstanceThatFitsAndTheResponseNamesIt() {
    try (InferenceClient client = InferenceClients.fromProperties(config())) {
      assertEquals("router", client.name());
      InferenceResponse r = client.generate(HI);
      assertEquals("near0 near1", r.text());
      assertEquals("near", r.backend());
      assertEquals("near", r.route().chosen());
      assertEquals(2, r.route().candidates().size());
      assertEquals(1, r.route().attempts().size());
    }
  }

  @Test
  void explainTellsTheDecisionWithoutRunningTheRequest() {
    try (InferenceClient client = InferenceClients.fromProperties(config())) {
      RouteDecision d = Routing.explain(client, HI);
      assertEquals("near", d.chosen());
      assertTrue(d.attempts().isEmpty());
      RouteDecision.Candidate far = d.candidates().get(1);
      assertEquals("far", far.backend());
      assertEquals(Duration.ofSeconds(5), far.predictedTimeToFirstToken());
      assertTrue(far.note().startsWith("too slow"), far.note());
    }
  }

  @Test
  void explainPlansWithTheConfiguredDefaultBudgetAsARequestWould() {
    Map<String, String> keys = config();
    keys.put("infer4j.latency-budget.ttft", "1s");
    InferenceRequest noBudget = InferenceRequest.builder().prompt("hi").maxTokens(2).build();
    try (InferenceClient client = InferenceClients.fromProperties(keys)) {
      RouteDecision d = Routing.explain(client, noBudget);

      assertEquals("near", d.chosen());
      assertTrue(d.candidates().get(1).note().startsWith("too slow"), d.candidates().toString());
      assertTrue(!d.reason().contains("no budget given"), d.reason());
    }
  }

  @Test
  void explainOnAClientWithoutARouterIsTheDirectDecision() {
    try (InferenceClient client = InferenceClients.create("alpha", Map.of())) {
      assertEquals(RouteDecision.direct("alpha"), Routing.explain(client, HI));
    }
  }

  @Test
  void explainAsksTheBackendThroughTheSpiSoAnyBackendThatRoutesIsExplained() {
    RouteDecision own = new RouteDecision(List.of(), "inner", "its own reason", List.of());
    Backend routing = new Backend() {
      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.RAW_PROMPT);
      }

      @Override
      public Optional<RouteDecision> explain(InferenceRequest request) {
        return Optional.of(own);
      }

      @Override
      public Generation start(InferenceRequest request, Deadline deadline) {
        throw new AssertionError("explain starts nothing");
      }

      @Override
      public void close() {}
    };
    try (InferenceClient client = InferenceClients.of("mine", routing)) {
      assertEquals(own, Routing.explain(client, HI));
    }
  }

  @Test
  void aRouterCreatedWithoutAWayToCreateItsMembersNamesTheKeyThatListedThem() {
    BackendConfig plain = BackendConfig.ofMap("r", "router", Map.of("infer4j.router.backends", "a"));
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> new RouterProvider().create(plain));
    assertEquals("infer4j.router.backends", e.key());
    assertEquals("a", e.value());
  }

  @Test
  void policyAndOtherKeysAreReadAndPerInstanceKeysWin() {
    Map<String, String> m = config();
    m.put("infer4j.router.policy", "priority-within-budget");
    m.put("infer4j.backends.far.priority", "1");
    m.put("infer4j.backends.near.priority", "2");
    m.put("infer4j.backends.far.prior-ttft", "10ms");
    try (InferenceClient client = InferenceClients.fromProperties(m)) {
      assertEquals("far", client.generate(HI).backend());
    }
    m.put("infer4j.backends.router.policy", "fastest");
    try (InferenceClient client = InferenceClients.fromProperties(m)) {
      assertEquals("far", Routing.explain(client, HI).chosen()); // 10 ms beats 50 ms
      assertTrue(Routing.explain(client, HI).reason().startsWith("fastest"));
    }
  }

  @Test
  void anUnknownPolicyNamesTheKeyAndTheChoices() {
    Map<String, String> m = config();
    m.put("infer4j.router.policy", "quickest");
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> InferenceClients.fromProperties(m));
    assertEquals("infer4j.router.policy", e.key());
    assertEquals("quickest", e.value());
    assertTrue(e.getMessage().contains("cheapest-within-budget"), e.getMessage());
  }

  @Test
  void aRouterWithoutBackendsSaysWhichKeyToSet() {
    Map<String, String> m = config();
    m.remove("infer4j.router.backends");
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> InferenceClients.fromProperties(m));
    assertEquals("infer4j.router.backends", e.key());
  }

  @Test
  void badPerBackendValuesNameTheFullKey() {
    Map<String, String> m = config();
    m.put("infer4j.backends.near.cost-per-million-tokens", "cheap");
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> InferenceClients.fromProperties(m));
    assertEquals("infer4j.backends.near.cost-per-million-tokens", e.key());

    Map<String, String> m2 = config();
    m2.put("infer4j.router.when-none-fits", "maybe");
    assertEquals("infer4j.router.when-none-fits",
        assertThrows(InvalidConfigurationException.class, () -> InferenceClients.fromProperties(m2)).key());

    Map<String, String> m3 = config();
    m3.put("infer4j.router.confidence", "1.5");
    assertEquals("infer4j.router.confidence",
        assertThrows(InvalidConfigurationException.class, () -> InferenceClients.fromProperties(m3)).key());
  }

  @Test
  void anUnknownRoutedInstanceFailsAtStartWithTheAvailableBackends() {
    Map<String, String> m = config();
    m.put("infer4j.router.backends", "near,nosuch");
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> InferenceClients.fromProperties(m));
    assertEquals("nosuch", e.value());
    assertEquals("infer4j.router.backends", e.key(), "the key that listed the unknown name");
    assertTrue(e.getMessage().contains("alpha, beta, router"), e.getMessage());
  }

  @Test
  void aRouterCannotRouteToItself() {
    Map<String, String> m = config();
    m.put("infer4j.router.backends", "near,router");
    InvalidConfigurationException e =
        assertThrows(InvalidConfigurationException.class, () -> InferenceClients.fromProperties(m));
    assertTrue(e.getMessage().contains("itself"), e.getMessage());
  }
}
