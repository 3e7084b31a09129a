package io.infer4j.quarkus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * infer4j-sdk-health's checks at Quarkus' health endpoints, over loopback; and infer4j's spans
 * exported by quarkus-opentelemetry to the in-memory exporter of {@link Spans}, with no code:
 * Quarkus makes its OpenTelemetry the global one as it starts, which infer4j-opentelemetry's
 * listener provider reports to.
 */
@QuarkusTest
class HealthAndTracesTest {

  @TestHTTPResource("/q/health/ready")
  URI ready;

  @TestHTTPResource("/q/health/live")
  URI live;

  @Inject InferenceClient writer;
  @Inject InMemorySpanExporter spans;
  @Inject OpenTelemetry openTelemetry;

  private static HttpResponse<String> get(URI uri) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readinessHasACheckPerClientOfTheContainer() throws Exception {
    HttpResponse<String> r = get(ready);

    // Both clients exist from start-up: the default one, and critic, which ShutdownWitness injects.
    assertEquals(200, r.statusCode(), r.body());
    String body = r.body().replaceAll("\\s+", "");
    assertTrue(body.startsWith("{\"status\":\"UP\""), body);
    assertTrue(body.contains("\"name\":\"infer4j-writer\",\"status\":\"UP\","
        + "\"data\":{\"state\":\"up\",\"model\":\"fake-model\"}"), body);
    assertTrue(body.contains("\"name\":\"infer4j-critic\",\"status\":\"UP\""), body);
  }

  @Test
  void livenessHasTheCheckOfAllClients() throws Exception {
    HttpResponse<String> r = get(live);

    assertEquals(200, r.statusCode(), r.body());
    String body = r.body().replaceAll("\\s+", "");
    assertTrue(body.contains("\"name\":\"infer4j\",\"status\":\"UP\","
        + "\"data\":{\"critic\":\"up\",\"writer\":\"up\"}"), body);
  }

  @Test
  void aRequestThroughAnInjectedClientIsOneExportedSpan() {
    spans.reset();
    CountingListener.CLIENTS.clear();

    writer.generate(InferenceRequest.builder().prompt("Once upon a time").maxTokens(8).build());

    // Quarkus exports through a batch span processor (every 5 s): flush it now.
    ((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().forceFlush()
        .join(10, TimeUnit.SECONDS);
    List<SpanData> exported = spans.getFinishedSpanItems();
    assertEquals(1, exported.size(), exported.toString());
    SpanData span = exported.get(0);
    assertEquals("text_completion", span.getName(), "no model on the request");
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals("writer", span.getAttributes().get(AttributeKey.stringKey("infer4j.client")));
    assertEquals("infer4j.fake",
        span.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")));
    assertEquals("fake-model",
        span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model")));
  }

  @Test
  void aListenerBeanOfTheApplicationHearsTheContainersClients() {
    CountingListener.CLIENTS.clear();

    writer.generate(InferenceRequest.builder().prompt("Once").maxTokens(2).build());

    assertEquals(List.of("writer"), CountingListener.CLIENTS);
  }
}
