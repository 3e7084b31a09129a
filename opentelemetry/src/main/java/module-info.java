/**
 * OpenTelemetry metrics and spans of infer4j requests (GenAI semantic conventions). Depend on
 * {@code io.infer4j:infer4j-opentelemetry}; it needs only {@code opentelemetry-api}.
 */
module io.infer4j.opentelemetry {
  requires transitive io.infer4j.api;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;

  exports io.infer4j.opentelemetry;

  provides io.infer4j.spi.ListenerProvider with
      io.infer4j.opentelemetry.internal.OpenTelemetryListenerProvider;
}
