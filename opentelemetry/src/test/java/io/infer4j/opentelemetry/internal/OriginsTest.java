package io.infer4j.opentelemetry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.opentelemetry.internal.Origins.Origin;
import io.infer4j.spi.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gen_ai.provider.name and server.address of backend instances, from configuration or code. */
class OriginsTest {

  private static final Origins CONFIGURED = new Origins(Settings.of(Map.of(
      "infer4j.backends.cloud.type", "remote",
      "infer4j.backends.cloud.preset", "Groq",
      "infer4j.backends.nim.type", "remote",
      "infer4j.backends.nim.preset", "nvidia-nim",
      "infer4j.backends.local.type", "remote",
      "infer4j.backends.local.base-url", "http://127.0.0.1:8000/v1",
      "infer4j.backends.sim.type", "lpu",
      "infer4j.backends.llm.type", "router")), instance -> null);

  @Test
  void aRemoteInstanceIsNamedAfterItsPresetGroqAsTheConventionsSay() {
    assertEquals(new Origin("groq", null, -1), CONFIGURED.of("cloud"));
    assertEquals("nvidia.nim", CONFIGURED.of("nim").providerName());
  }

  @Test
  void aConfiguredBaseUrlGivesTheServerAddressAndPort() {
    assertEquals(new Origin("infer4j.remote", "127.0.0.1", 8000), CONFIGURED.of("local"));
    Origins https = new Origins(Settings.of(Map.of("infer4j.backends.oai.type", "remote",
        "infer4j.backends.oai.preset", "openai",
        "infer4j.backends.oai.base-url", "https://api.openai.com/v1")), instance -> null);
    assertEquals(new Origin("openai", "api.openai.com", 443), https.of("oai"));
  }

  @Test
  void inProcessBackendsAndTheRouterGetInfer4jValues() {
    assertEquals("infer4j.lpu", CONFIGURED.of("sim").providerName());
    assertEquals("infer4j.router", CONFIGURED.of("llm").providerName());
    assertEquals("infer4j.gpu", CONFIGURED.of("gpu").providerName(), "no type key: the provider named so");
    assertEquals("infer4j.fake", CONFIGURED.of("fake").providerName());
  }

  @Test
  void anUnconfiguredInstanceNamedLikeAPresetIsTakenForIt() {
    assertEquals("groq", CONFIGURED.of("groq").providerName());
    assertEquals("infer4j.remote", CONFIGURED.of("remote").providerName());
  }

  @Test
  void theApplicationsNamesWinWhereTheyAnswer() {
    Origins named = new Origins(Settings.of(Map.of("infer4j.backends.sim.type", "lpu")),
        Map.of("sim", "acme.sim")::get);
    assertEquals("acme.sim", named.of("sim").providerName());
    assertEquals("infer4j.fake", named.of("fake").providerName());
  }
}
