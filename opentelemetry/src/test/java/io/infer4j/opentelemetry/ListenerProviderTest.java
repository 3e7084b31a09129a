package io.infer4j.opentelemetry;

import static io.infer4j.opentelemetry.Keys.DURATION;
import static io.infer4j.opentelemetry.Keys.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider "opentelemetry" that ServiceLoader finds: the global OpenTelemetry, when set. */
class ListenerProviderTest {

  private final InMemoryTelemetry otel = new InMemoryTelemetry();

  @AfterEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
    otel.close();
  }

  private static void generateOnTheFake(Map<String, String> properties) {
    try (InferenceClient client = InferenceClients.fromProperties(properties)) {
      client.generate(InferenceRequest.ofUserMessage("hello"));
    }
  }

  @Test
  void clientsFromConfigurationReportToTheGlobalOpenTelemetry() {
    GlobalOpenTelemetry.set(otel.sdk);
    generateOnTheFake(Map.of("infer4j.backend", "fake"));
    generateOnTheFake(Map.of("infer4j.backend", "fake", "infer4j.listeners", "opentelemetry"));

    assertEquals(2, otel.finishedSpans().size());
    assertEquals(2, otel.point(DURATION).getCount());
    assertEquals("infer4j.fake", otel.point(DURATION).getAttributes().get(PROVIDER));
  }

  /**
   * A client made from a properties map names its instances from the map: an instance {@code
   * cheap} of type {@code fake} is {@code infer4j.fake}, which the process's configuration (that
   * has no such instance) would have called {@code infer4j.cheap}.
   */
  @Test
  void aClientFromAMapNamesItsProvidersFromTheMap() {
    GlobalOpenTelemetry.set(otel.sdk);
    generateOnTheFake(Map.of("infer4j.backend", "cheap", "infer4j.backends.cheap.type", "fake"));
    assertEquals("infer4j.fake", otel.point(DURATION).getAttributes().get(PROVIDER));
  }

  @Test
  void withoutAGlobalOpenTelemetryNothingIsRecordedAndTheGlobalStaysUnset() {
    generateOnTheFake(Map.of("infer4j.backend", "fake"));
    assertTrue(!GlobalOpenTelemetry.isSet(), "the provider must not fix a no-op as the global");
    GlobalOpenTelemetry.set(otel.sdk); // the application's, set late, still works
    generateOnTheFake(Map.of("infer4j.backend", "fake"));
    assertEquals(1, otel.finishedSpans().size());
  }

  @Test
  void theListenersKeyTurnsItOff() {
    GlobalOpenTelemetry.set(otel.sdk);
    generateOnTheFake(Map.of("infer4j.backend", "fake", "infer4j.listeners", "none"));
    assertTrue(otel.finishedSpans().isEmpty());
  }
}
