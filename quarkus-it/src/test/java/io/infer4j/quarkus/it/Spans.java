package io.infer4j.quarkus.it;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The spans the application exports, kept in memory: a {@code SpanExporter} bean, which
 * quarkus-opentelemetry exports to (its {@code cdi} exporter) in place of OTLP.
 */
@Dependent
public class Spans {

  @Produces
  @Singleton
  InMemorySpanExporter exporter() {
    return InMemorySpanExporter.create();
  }
}
