package io.infer4j.opentelemetry.internal;

import io.infer4j.InferenceListener;
import io.infer4j.opentelemetry.InferenceTelemetry;
import io.infer4j.spi.ListenerProvider;
import io.infer4j.spi.Settings;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;

/**
 * Listener provider {@code opentelemetry}, found by {@code ServiceLoader}: telemetry to the global
 * OpenTelemetry. Until the application (or the Java agent) sets one, each request costs one check
 * and gets no listener; it never calls {@code GlobalOpenTelemetry.get()}, which would fix a no-op
 * as the global one and make the application's later {@code set} fail. Not API.
 */
public final class OpenTelemetryListenerProvider implements ListenerProvider {

  @Override
  public String name() {
    return "opentelemetry";
  }

  @Override
  public InferenceListener.Factory factory() {
    return new GlobalFactory(null);
  }

  /**
   * Telemetry whose provider names come from {@code settings}, the configuration the client was
   * made from: a client made from a properties map names its instances after the map's {@code
   * type} and {@code preset}, not after whatever the process-wide configuration says.
   */
  @Override
  public InferenceListener.Factory factory(Settings settings) {
    return new GlobalFactory(settings);
  }

  /** Builds the telemetry the first time a request finds the global OpenTelemetry set. */
  private static final class GlobalFactory implements InferenceListener.Factory {
    private final Settings settings; // null: the configuration's, as InferenceTelemetry reads it
    private volatile InferenceListener.Factory telemetry;

    GlobalFactory(Settings settings) {
      this.settings = settings;
    }

    @Override
    public InferenceListener create(InferenceListener.Call call) {
      InferenceListener.Factory t = telemetry;
      if (t == null) {
        if (!GlobalOpenTelemetry.isSet()) {
          return InferenceListener.NONE;
        }
        synchronized (this) {
          if (telemetry == null) {
            OpenTelemetry otel = GlobalOpenTelemetry.getOrNoop();
            telemetry = settings == null ? InferenceTelemetry.create(otel)
                : new Telemetry(otel, instance -> null, settings)::listen;
          }
          t = telemetry;
        }
      }
      return t.create(call);
    }
  }
}
