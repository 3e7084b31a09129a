package io.infer4j.opentelemetry.internal;

import io.infer4j.InferenceListener;
import io.infer4j.opentelemetry.internal.Origins.Origin;
import io.infer4j.spi.Settings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.function.Function;

/**
 * What every request's telemetry shares: the tracer, the instruments and the instances' origins.
 * Thread-safe. Not API: use {@code io.infer4j.opentelemetry.InferenceTelemetry}.
 */
public final class Telemetry {

  /** The instrumentation scope of the tracer and the meter. */
  public static final String SCOPE = "io.infer4j.opentelemetry";

  /** The conventions' version (v1.41.0), as the schema URL of the spans and metrics. */
  static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.41.0";

  private final Tracer tracer;
  private final Instruments instruments;
  private final Origins origins;

  /**
   * @param providerNames the application's: instance name to {@code gen_ai.provider.name}, null
   *     where the configuration should tell
   * @param settings where instances' {@code type}, {@code preset} and {@code base-url} are read
   */
  public Telemetry(OpenTelemetry openTelemetry, Function<String, String> providerNames,
      Settings settings) {
    this.tracer = openTelemetry.tracerBuilder(SCOPE).setSchemaUrl(SCHEMA_URL).build();
    this.instruments = new Instruments(openTelemetry.meterBuilder(SCOPE).setSchemaUrl(SCHEMA_URL).build());
    this.origins = new Origins(settings, providerNames);
  }

  /** The listener of one request: starts its span now. */
  public InferenceListener listen(InferenceListener.Call call) {
    return new RequestTelemetry(this, call);
  }

  Tracer tracer() {
    return tracer;
  }

  Instruments instruments() {
    return instruments;
  }

  Origin origin(String instance) {
    return origins.of(instance);
  }
}
