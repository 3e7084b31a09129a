package io.infer4j.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's "In production" example, run against the fake; the README shows these lines. */
class InProductionExampleTest {

  @Test
  void theReadmesWiringRecordsSpansAndMetrics() {
    InMemorySpanExporter spanExporter = InMemorySpanExporter.create();
    InMemoryMetricReader metricReader = InMemoryMetricReader.create();
    try (SystemProperties config = new SystemProperties(Map.of("infer4j.backend", "fake"))) {
      // --- README "In production" begins
      // The application's SDK, with the exporters it uses (OTLP, Prometheus, ...); here in memory.
      OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder()
              .addSpanProcessor(SimpleSpanProcessor.create(spanExporter)).build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metricReader).build())
          .build();

      // One client, by code:
      InferenceClient client = InferenceClients.withListener(
          InferenceClients.fromConfig(), InferenceTelemetry.create(otel));
      client.generate(InferenceRequest.ofUserMessage("hi"));

      // Or every client made from configuration: make the SDK the global one (the Java agent does
      // it itself) and the listener provider "opentelemetry" reports to it.
      GlobalOpenTelemetry.set(otel);
      InferenceClient configured = InferenceClients.fromConfig();
      configured.generate(InferenceRequest.ofUserMessage("hi"));
      // --- README "In production" ends
      client.close();
      configured.close();
      assertEquals(2, spanExporter.getFinishedSpanItems().size());
      assertTrue(metricReader.collectAllMetrics().stream()
          .anyMatch(m -> m.getName().equals(Keys.DURATION)));
      otel.close();
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
  }

  @Test
  void theReadmeShowsTheExampleAsItIsHere() throws Exception {
    Path base = Path.of(System.getProperty("basedir", "."));
    String readme = Files.readString(base.resolve("../README.md"));
    String section = readme.substring(readme.indexOf("## In production"));
    String block = section.substring(section.indexOf("```java") + 7, section.indexOf("```\n", 10));
    List<String> test = Files.readAllLines(base.resolve(
        "src/test/java/io/infer4j/opentelemetry/InProductionExampleTest.java"));
    int from = indexOf(test, "--- README \"In production\" begins") + 1;
    int to = indexOf(test, "--- README \"In production\" ends");
    assertEquals(test.subList(from, to).stream().map(String::strip).toList(),
        block.strip().lines().map(String::strip).toList());
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        return i;
      }
    }
    throw new AssertionError("no line with " + marker);
  }
}
