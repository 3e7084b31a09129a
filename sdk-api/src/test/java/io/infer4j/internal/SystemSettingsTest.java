package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The fallback source used when no MicroProfile Config implementation is on the class path. */
class SystemSettingsTest {

  @Test
  void environmentVariablesAreFoundByMicroProfileNameMapping() {
    SystemSettings s = new SystemSettings(new Properties(), Map.of(
        "INFER4J_BACKEND", "beta", "INFER4J_BACKENDS_SIM_CHIPS", "8"));
    assertEquals(Optional.of("beta"), s.get("infer4j.backend"));
    assertEquals(Optional.of("8"), s.get("infer4j.backends.sim.chips"));
  }

  @Test
  void systemPropertiesWinOverTheEnvironment() {
    Properties p = new Properties();
    p.setProperty("infer4j.backend", "alpha");
    SystemSettings s = new SystemSettings(p, Map.of("INFER4J_BACKEND", "beta"));
    assertEquals(Optional.of("alpha"), s.get("infer4j.backend"));
  }

  @Test
  void theResolverUsesTheFallbackToChooseTheBackend() {
    SystemSettings s = new SystemSettings(new Properties(), Map.of(
        "INFER4J_BACKEND", "sim", "INFER4J_BACKENDS_SIM_TYPE", "beta"));
    BackendResolver resolver = new BackendResolver(s, getClass().getClassLoader());
    try (BackendClient client = resolver.defaultClient()) {
      assertEquals("sim", client.name());
      assertTrue(resolver.describeAvailable().contains("sim (type beta)"), resolver.describeAvailable());
    }
  }
}
