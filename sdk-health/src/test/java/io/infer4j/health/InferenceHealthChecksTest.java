package io.infer4j.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.InferenceClient;
import io.infer4j.spi.BackendHealth;
import io.infer4j.testing.FakeBackend;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The checks made by hand: a client's health as a MicroProfile Health response. */
class InferenceHealthChecksTest {

  @Test
  void aResponseCarriesTheStateAndEveryDetailWithItsType() {
    BackendHealth h = BackendHealth.down("every endpoint is ejected")
        .with("endpoints", 2L).with("groq.rate_limited", true);

    HealthCheckResponse r = InferenceHealthChecks.response("infer4j-groq", h);

    assertEquals("infer4j-groq", r.getName());
    assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
    assertEquals(Map.of("state", "down", "reason", "every endpoint is ejected",
        "endpoints", 2L, "groq.rate_limited", true), r.getData().orElseThrow());
  }

  @Test
  void theReadinessOfAClientIsNamedAfterItsInstanceAndFollowsItsBackend() {
    FakeBackend fake = FakeBackend.create();
    try (InferenceClient client = fake.client()) {
      var check = InferenceHealthChecks.readiness(client);
      assertEquals("infer4j-fake", check.call().getName());
      assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());

      fake.down("scripted");
      assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());

      fake.up();
      client.close();
      assertEquals("closed", check.call().getData().orElseThrow().get("state"));
    }
  }
}
