package io.infer4j.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Optional;

/** An OpenTelemetry SDK that keeps what it records in memory, for one test. */
final class InMemoryTelemetry implements AutoCloseable {

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();

  List<SpanData> finishedSpans() {
    return spans.getFinishedSpanItems();
  }

  /** The one finished span named {@code name}. */
  SpanData span(String name) {
    List<SpanData> named = finishedSpans().stream().filter(s -> s.getName().equals(name)).toList();
    assertEquals(1, named.size(), "spans named '" + name + "' among " + finishedSpans());
    return named.get(0);
  }

  /** The metric named {@code name}, if anything was recorded in it. */
  Optional<MetricData> metric(String name) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst();
  }

  /** The points of histogram {@code name}; none when nothing was recorded. */
  List<HistogramPointData> points(String name) {
    return metric(name).map(m -> List.copyOf(m.getHistogramData().getPoints())).orElse(List.of());
  }

  /** The one point of histogram {@code name}. */
  HistogramPointData point(String name) {
    List<HistogramPointData> p = points(name);
    assertEquals(1, p.size(), name + " points: " + p);
    return p.get(0);
  }

  /** The point of histogram {@code name} whose {@code key} is {@code value}. */
  <T> HistogramPointData point(String name, AttributeKey<T> key, T value) {
    return points(name).stream().filter(p -> value.equals(p.getAttributes().get(key))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " point with " + key + "=" + value
            + " among " + points(name)));
  }


  @Override
  public void close() {
    sdk.close();
  }
}
