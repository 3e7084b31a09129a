package io.infer4j.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.LatencyBudget;
import io.infer4j.cdi.Backend;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks in Weld SE with SmallRye Health, the beans found as an application's are (bean
 * archives on the class path), configured by META-INF/microprofile-config.properties: the default
 * {@code writer} (fake), {@code broken} (fake scripted down), {@code solo} (a router whose only
 * member is down), and {@code flaky} (remote, against a loopback server, by system properties).
 */
class HealthChecksTest {

  private static final String FLAKY = "infer4j.backends.flaky.";
  private static final MockWebServer SERVER = new MockWebServer();

  @BeforeAll
  static void flakyServer() throws Exception {
    SERVER.start();
    Map<String, String> keys = Map.of("type", "remote", "base-url", SERVER.url("/v1").toString(),
        "model", "m1", "backoff", "10ms", "max-backoff", "40ms", "max-retries", "2",
        "eject-after", "3", "eject-for", "1m", "api-key", "sk-health-weld-0123456789");
    keys.forEach((k, v) -> System.setProperty(FLAKY + k, v));
  }

  @AfterAll
  static void stopServer() throws Exception {
    for (String k : new String[] {"type", "base-url", "model", "backoff", "max-backoff",
        "max-retries", "eject-after", "eject-for", "api-key"}) {
      System.clearProperty(FLAKY + k);
    }
    SERVER.close();
  }

  private static WeldContainer start() {
    return new Weld().skipShutdownHook().initialize();
  }

  private static InferenceClient client(WeldContainer weld, String name) {
    return weld.select(InferenceClient.class, Backend.Literal.of(name)).get();
  }

  /** The checks of a report, by name. */
  private static Map<String, JsonObject> checks(SmallRyeHealth health) {
    Map<String, JsonObject> byName = new TreeMap<>();
    for (JsonValue v : health.getPayload().getJsonArray("checks")) {
      JsonObject check = v.asJsonObject();
      byName.put(check.getString("name"), check);
    }
    return byName;
  }

  private static SmallRyeHealthReporter reporter(WeldContainer weld) {
    return weld.select(SmallRyeHealthReporter.class).get();
  }

  @Test
  void theDefaultClientHasAReadinessCheckFromStartUpAndIsUp() {
    try (WeldContainer weld = start()) {
      SmallRyeHealth ready = reporter(weld).getReadiness();

      assertFalse(ready.isDown(), ready.getPayload().toString());
      JsonObject writer = checks(ready).get("infer4j-writer");
      assertEquals("UP", writer.getString("status"));
      assertEquals("up", writer.getJsonObject("data").getString("state"));
      assertEquals("writer-model", writer.getJsonObject("data").getString("model"));
    }
  }

  @Test
  void aFakeScriptedDownMakesReadinessDownWithItsDetailsWhileLivenessStaysUp() {
    try (WeldContainer weld = start()) {
      client(weld, "broken");

      SmallRyeHealth ready = reporter(weld).getReadiness();
      assertTrue(ready.isDown());
      Map<String, JsonObject> checks = checks(ready);
      assertEquals("UP", checks.get("infer4j-writer").getString("status"));
      JsonObject broken = checks.get("infer4j-broken");
      assertEquals("DOWN", broken.getString("status"));
      assertEquals("down", broken.getJsonObject("data").getString("state"));
      assertEquals("scripted outage", broken.getJsonObject("data").getString("reason"));

      SmallRyeHealth live = reporter(weld).getLiveness();
      assertFalse(live.isDown(), live.getPayload().toString());
      JsonObject infer4j = checks(live).get("infer4j");
      assertEquals("UP", infer4j.getString("status"));
      assertEquals("down", infer4j.getJsonObject("data").getString("broken"));
      assertEquals("up", infer4j.getJsonObject("data").getString("writer"));
    }
  }

  @Test
  void aRouterWhoseOnlyMemberIsDownIsDown() {
    try (WeldContainer weld = start()) {
      client(weld, "solo");

      JsonObject solo = checks(reporter(weld).getReadiness()).get("infer4j-solo");

      assertEquals("DOWN", solo.getString("status"), solo.toString());
      JsonObject data = solo.getJsonObject("data");
      assertEquals(0, data.getJsonNumber("eligible").longValue());
      assertEquals("down", data.getString("sick.state"));
      assertEquals("maintenance window", data.getString("sick.reason"));
      assertEquals("closed", data.getString("sick.circuit_state"));
      assertTrue(data.getString("reason").startsWith("no member is eligible: sick: down"),
          data.toString());
    }
  }

  @Test
  void aRemoteInstanceAnswered503ThreeTimesIsDownWithItsEndpointEjected() {
    for (int i = 0; i < 3; i++) {
      SERVER.enqueue(new MockResponse.Builder().code(503)
          .addHeader("Content-Type", "application/json")
          .body("{\"error\": {\"message\": \"overloaded\"}}").build());
    }
    try (WeldContainer weld = start()) {
      InferenceClient flaky = client(weld, "flaky");
      assertThrows(BackendUnavailableException.class, () -> flaky.generate(
          InferenceRequest.builder().user("hi").maxTokens(4)
              .budget(LatencyBudget.ofTotal(Duration.ofSeconds(5)))
              .build()));

      JsonObject check = checks(reporter(weld).getReadiness()).get("infer4j-flaky");

      assertEquals("DOWN", check.getString("status"), check.toString());
      JsonObject data = check.getJsonObject("data");
      assertEquals(1, data.getJsonNumber("endpoints").longValue());
      assertEquals(1, data.getJsonNumber("endpoints_ejected").longValue());
      assertEquals(3, data.getJsonNumber("consecutive_failures").longValue());
      assertTrue(data.getString("last_failure").contains("503"), data.toString());
      assertFalse(check.toString().contains("sk-health-weld"), "no API key: " + check);
      assertEquals("UP", checks(reporter(weld).getLiveness()).get("infer4j").getString("status"),
          "ejected endpoints come back: not a liveness failure");
    }
  }

  @Test
  void theChecksLeaveWithTheContainer() {
    try (WeldContainer weld = start()) {
      client(weld, "broken");
      assertTrue(checks(reporter(weld).getReadiness()).containsKey("infer4j-broken"));
    }
    try (WeldContainer weld = start()) {
      Map<String, JsonObject> checks = checks(reporter(weld).getReadiness());

      assertEquals(java.util.Set.of("infer4j-writer"), checks.keySet(),
          "only this container's clients: SmallRye Health keeps its registry in a static field");
    }
  }
}
